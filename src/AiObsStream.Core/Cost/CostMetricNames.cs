namespace AiObsStream.Core.Cost;

/// <summary>Metric names of the rows the cost stage derives (the <c>Metric</c> column of AiObsMetrics_CL).</summary>
public static class CostMetricNames
{
    /// <summary>
    /// Spend in USD of the window (Sum), per source, deployment and model version: tokens × price for request sources,
    /// GPU-seconds × hourly rate for DCGM. Count = requests (GPU rows: GPUs seen), Mean = USD per request (per GPU).
    /// </summary>
    public const string CostUsd = "cost_usd";

    /// <summary>USD per 1,000 tokens (Mean); Sum = USD, Count = tokens (prompt + completion).</summary>
    public const string CostPer1KTokens = "cost_per_1k_tokens_usd";

    /// <summary>Tokens that could not be priced (Sum; Count = requests): unknown model, version or deployment type.</summary>
    public const string UnpricedTokens = "cost_unpriced_tokens";

    /// <summary>GPU-seconds that could not be priced (Sum; Count = GPUs): no GPU model or no rate for it.</summary>
    public const string UnpricedGpuSeconds = "cost_unpriced_gpu_s";

    /// <summary>Forecast spend of the next 7 days in USD (Sum); Mean = USD per day; Count = history buckets used.</summary>
    public const string Forecast7DaysUsd = "cost_forecast_7d_usd";

    /// <summary>Input hook: cached prompt tokens per request, priced at the cached-input rate when a parser emits it.</summary>
    public const string TokensCached = "tokens_cached";

    /// <summary>
    /// What a token source that is not the deployment's billing source would cost (same columns as
    /// <see cref="CostUsd"/>), kept for reconciliation; never summed into the bill or the spend alerts.
    /// </summary>
    public const string CostUsdShadow = "cost_usd_shadow";

    /// <summary>Prompt tokens of successful calls (Sum): the cost input for request sources (failed and 429 calls are not billed).</summary>
    public const string TokensPromptBilled = "tokens_prompt_billed";

    /// <summary>Completion tokens of successful calls (Sum).</summary>
    public const string TokensCompletionBilled = "tokens_completion_billed";

    /// <summary>Azure OpenAI platform metric (AllMetrics): prompt tokens the service processed in the grain (Sum).</summary>
    public const string ProcessedPromptTokens = "ProcessedPromptTokens";

    /// <summary>Azure OpenAI platform metric (AllMetrics): completion tokens the service generated in the grain (Sum).</summary>
    public const string GeneratedTokens = "GeneratedTokens";
}
