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

    /// <summary>
    /// Smallest departure from the expected value, in the metric's unit, that may fire or keep firing the alert
    /// (null: the metric's default from <see cref="AnomalyFloors"/>). The floor is max(this, <see cref="MinRelativeChange"/> × |expected|).
    /// </summary>
    public double? MinAbsoluteChange { get; init; }

    /// <summary>Smallest departure as a fraction of |expected| (0.25 = 25 %; null: the metric's default).</summary>
    public double? MinRelativeChange { get; init; }

    /// <summary>The practical-effect floor in force: the rule's own settings over the metric's defaults.</summary>
    public AnomalyFloor Floor
    {
        get
        {
            var d = AnomalyFloors.For(Metric);
            return d with { Absolute = MinAbsoluteChange ?? d.Absolute, Relative = MinRelativeChange ?? d.Relative };
        }
    }

    /// <summary>False turns the rule off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The alert's rule name.</summary>
    public string Name => "anomaly:" + Metric;

    /// <summary>Largest accepted <see cref="MinRelativeChange"/> (a departure of 100 × the expected value).</summary>
    public const double MaxRelativeChange = 100;

    /// <summary>The first problem with the floor settings, named by the setting, or null when they are valid.</summary>
    public string? FloorProblem()
    {
        if (MinAbsoluteChange is { } a && (!double.IsFinite(a) || a < 0))
        {
            return $"minAbsoluteChange: {Format(a)} must be a finite number >= 0 (in the metric's unit)";
        }

        return MinRelativeChange is { } r && (!double.IsFinite(r) || r < 0 || r > MaxRelativeChange)
            ? $"minRelativeChange: {Format(r)} must be a fraction in [0, {Format(MaxRelativeChange)}] (0.25 = 25 %)"
            : null;
    }

    private static string Format(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
