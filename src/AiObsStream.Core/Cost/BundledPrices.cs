namespace AiObsStream.Core.Cost;

/// <summary>
/// The price entries shipped with the engine: Azure OpenAI pay-as-you-go list prices for common models, each naming
/// its source and the date it was recorded. Prices change: override them in the <c>pricing</c> config section.
/// </summary>
/// <remarks>
/// Recorded 2026-11-22 from the Azure OpenAI pricing page (https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/,
/// Global deployment, USD, per 1M tokens), cross-checked with a third-party summary (redresscompliance.com, "Azure OpenAI
/// enterprise pricing guide": GPT-4o $2.50 / $10.00, cached $1.25; GPT-4o mini $0.15 / $0.60, cached $0.075).
/// Data Zone and Regional deployments are priced higher and are deliberately not bundled: configure them.
/// No GPU rates are bundled (VM prices vary by region and agreement); GPU time without a rate is counted as unpriced.
/// </remarks>
public static class BundledPrices
{
    private const string AzureSource = "Azure OpenAI pricing page, Global deployment list price, recorded 2026-11-22";

    /// <summary>Effective date of the bundled entries: 2024-10-01T00:00Z (gpt-4o 2024-08-06 list price in effect since then).</summary>
    public const long EffectiveFromMs = 1_727_740_800_000;

    /// <summary>The bundled token prices.</summary>
    public static IReadOnlyList<TokenPrice> TokenPrices { get; } =
    [
        Per1M("gpt-4o", "2024-08-06", 2.50, 1.25, 10.00),
        Per1M("gpt-4o", "2024-11-20", 2.50, 1.25, 10.00),
        Per1M("gpt-4o-mini", "2024-07-18", 0.15, 0.075, 0.60),
    ];

    private static TokenPrice Per1M(string model, string version, double input, double cached, double output) => new()
    {
        ModelName = model,
        ModelVersion = version,
        DeploymentType = "GlobalStandard",
        EffectiveFromMs = EffectiveFromMs,
        InputPer1K = input / 1000,
        CachedInputPer1K = cached / 1000,
        OutputPer1K = output / 1000,
        Source = AzureSource,
    };
}
