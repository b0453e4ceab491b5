using AiObsStream.Core.Events;

namespace AiObsStream.Core.Versions;

/// <summary>Names of the derived signals and the default signal list of <see cref="RegressionOptions"/>.</summary>
public static class RegressionSignals
{
    /// <summary>Output tokens per second per utilized GPU (tokens_total per second / Σ gpu_util of the deployment's GPUs).</summary>
    public const string GpuEfficiency = "gpu_efficiency";

    /// <summary>Cost per request from <see cref="RegressionOptions.CostOf"/> (compared only when that hook is set).</summary>
    public const string CostPerRequest = "cost_per_request";

    /// <summary>
    /// The default comparison: latency, TTFT and tokens per request (higher is worse), HTTP 429 and error share, cost per
    /// request, GPU efficiency and the common evaluator scores (groundedness, relevance, coherence, fluency, similarity).
    /// </summary>
    public static IReadOnlyList<RegressionSignal> Defaults { get; } =
    [
        new() { Metric = MetricNames.LatencyMs, Kind = SignalKind.Distribution },
        new() { Metric = MetricNames.TtftMs, Kind = SignalKind.Distribution },
        new() { Metric = MetricNames.TokensTotal, Kind = SignalKind.Distribution, MinEffect = 0.25 },
        new() { Metric = MetricNames.Http429, Kind = SignalKind.Proportion },
        new() { Metric = MetricNames.Errors, Kind = SignalKind.Proportion },
        new() { Metric = CostPerRequest, Kind = SignalKind.WindowMean, MinEffect = 0.2 },
        new() { Metric = GpuEfficiency, Kind = SignalKind.WindowMean, HigherIsWorse = false, MinEffect = 0.2 },
        new() { Metric = "groundedness", Kind = SignalKind.Distribution, HigherIsWorse = false, MinEffect = 0.1 },
        new() { Metric = "relevance", Kind = SignalKind.Distribution, HigherIsWorse = false, MinEffect = 0.1 },
        new() { Metric = "coherence", Kind = SignalKind.Distribution, HigherIsWorse = false, MinEffect = 0.1 },
        new() { Metric = "fluency", Kind = SignalKind.Distribution, HigherIsWorse = false, MinEffect = 0.1 },
        new() { Metric = "similarity", Kind = SignalKind.Distribution, HigherIsWorse = false, MinEffect = 0.1 },
    ];
}
