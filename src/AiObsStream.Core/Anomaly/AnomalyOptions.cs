using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Anomaly;

/// <summary>Streaming anomaly detection settings: bucket resolution, detector parameters and the rules.</summary>
public sealed record AnomalyOptions
{
    /// <summary>Length of the buckets whose values form the detector series (one point per bucket with data).</summary>
    public TimeSpan Resolution { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// SR parameters (window W = warm-up in points). The threshold is lower than ML.NET's 0.3 because a point must also
    /// leave the robust band to count: SR scores the onset of a level shift around 0.2-0.3, and the band keeps the
    /// lower threshold from flagging ordinary noise.
    /// </summary>
    public SrStreamingOptions Sr { get; init; } = new() { Threshold = 0.2 };

    /// <summary>SR-CNN weights for rules with <see cref="AnomalyDetectorKind.SrCnn"/> (required by such rules).</summary>
    public SrCnnModel? SrCnnModel { get; init; }

    /// <summary>A flagged point beyond this many robust standard deviations (1.4826 × MAD) of the window is a spike.</summary>
    public double BandSigmas { get; init; } = 4;

    /// <summary>A flagged point beyond this many robust standard deviations starts a level-shift candidate.</summary>
    public double ShiftSigmas { get; init; } = 3;

    /// <summary>
    /// True fires a flagged point beyond <see cref="BandSigmas"/> at once (a one-point spike). False (the default) treats
    /// it like any change point: it fires when <see cref="ShiftConfirmPoints"/> of its first <see cref="ShiftWindowPoints"/>
    /// points stay beyond the band and the floor, because a single reading (one scrape, one two-second bucket) is gone
    /// before anyone could act on it, and on healthy load single readings leave the robust band far more often than a
    /// normal tail would (skewed token counts, heavy-tailed latencies).
    /// </summary>
    public bool SinglePointSpikes { get; init; }

    /// <summary>
    /// z of the confidence interval of percentile statistics (see <see cref="PercentileConfidence"/>; 1.645 = one-sided
    /// 95 %): a p95 departure must hold for the end of its interval nearer to the expected value. 0 turns it off.
    /// </summary>
    public double PercentileConfidenceZ { get; init; } = 1.645;

    /// <summary>A level-shift candidate fires when this many of its first <see cref="ShiftWindowPoints"/> points stay beyond the band.</summary>
    public int ShiftConfirmPoints { get; init; } = 2;

    /// <summary>Points (including the flagged one) within which a level shift must be confirmed.</summary>
    public int ShiftWindowPoints { get; init; } = 3;

    /// <summary>The rules (default: latency/TTFT p95 spikes, GPU utilization, memory and power, network throughput drops).</summary>
    public IReadOnlyList<AnomalyRuleDefinition> Rules { get; init; } = Defaults;

    /// <summary>The built-in anomaly rules.</summary>
    public static IReadOnlyList<AnomalyRuleDefinition> Defaults { get; } =
    [
        // A p95 of fewer than 20 requests is little more than their maximum: noisy enough to drown the detector.
        new() { Metric = MetricNames.LatencyMs, Statistic = Statistic.P95, Direction = AnomalyDirection.Up, MinCount = 20 },
        new() { Metric = MetricNames.TtftMs, Statistic = Statistic.P95, Direction = AnomalyDirection.Up, MinCount = 20 },
        new() { Metric = MetricNames.GpuUtil, Statistic = Statistic.Mean, Direction = AnomalyDirection.Both },
        new() { Metric = MetricNames.FbUsedPct, Statistic = Statistic.Max, Direction = AnomalyDirection.Up },
        new() { Metric = MetricNames.PowerW, Statistic = Statistic.Mean, Direction = AnomalyDirection.Both },
        .. Network.NetworkAnomalyRules.All,
    ];

    /// <summary>False turns streaming anomaly detection off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The metric names the detection aggregation must compute.</summary>
    public IReadOnlyCollection<string> Metrics => Rules.Where(r => r.Enabled).Select(r => r.Metric).Distinct(StringComparer.Ordinal).ToList();
}
