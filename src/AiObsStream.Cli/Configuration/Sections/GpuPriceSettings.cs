namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One item of <c>pricing.gpus</c>.</summary>
internal sealed class GpuPriceSettings
{
    /// <summary>GPU model (required).</summary>
    public string? GpuModel { get; set; }

    /// <summary>USD per hour (required).</summary>
    public double? UsdPerHour { get; set; }

    /// <summary>Effective from (date).</summary>
    public string? EffectiveFrom { get; set; }

    /// <summary>Where the rate comes from.</summary>
    public string? Source { get; set; }
}
