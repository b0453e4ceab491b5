using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Anomaly;

/// <summary>
/// A streaming anomaly rule: one detector per series of <see cref="Metric"/> (its <see cref="Statistic"/> per
/// detection bucket), raising alert <c>anomaly:&lt;metric&gt;</c> after a warm-up of one detector window.
/// </summary>
public sealed record AnomalyRuleDefinition
{
    /// <summary>The metric (see <see cref="MetricNames"/>).</summary>
    public required string Metric { get; init; }

    /// <summary>The statistic of each bucket fed to the detector.</summary>
    public Statistic Statistic { get; init; } = Statistic.Mean;

    /// <summary>Which departures are reported.</summary>
    public AnomalyDirection Direction { get; init; } = AnomalyDirection.Both;

    /// <summary>SR or SR-CNN.</summary>
    public AnomalyDetectorKind Detector { get; init; } = AnomalyDetectorKind.Sr;

    /// <summary>Buckets with fewer observations are skipped (not fed to the detector).</summary>
    public long MinCount { get; init; } = 1;

    /// <summary>Consecutive clear points after which a firing anomaly resolves.</summary>
    public int ResolveAfterPoints { get; init; } = 15;

    /// <summary>Only series of these sources (null: all).</summary>
    public IReadOnlyList<TelemetrySource>? Sources { get; init; }

    /// <summary>False turns the rule off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The alert's rule name.</summary>
    public string Name => "anomaly:" + Metric;
}
