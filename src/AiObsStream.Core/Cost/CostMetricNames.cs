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
}
