using AiObsStream.Core.Events;

namespace AiObsStream.Core.Rules;

/// <summary>
/// A threshold rule evaluated on every window row of one metric, per series (each series is its own alert instance).
/// </summary>
/// <remarks>
/// Lifecycle: the condition must hold for <see cref="Sustain"/> (consecutive windows) before the alert fires (Pending
/// is silent, as Prometheus' <c>for</c>); it resolves on the first window where the value is back beyond
/// <see cref="ResolveThreshold"/> (default: the lowest firing threshold), or after <see cref="NoDataResolveAfter"/>
/// without rows. Severity escalates from Warning to Critical within one incident (same AlertId).
/// </remarks>
public sealed record RuleDefinition
{
    /// <summary>Rule name, also the alert's Rule column (for example <c>latency-p95</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The metric the rule reads (see <see cref="MetricNames"/>).</summary>
    public required string Metric { get; init; }

    /// <summary>The row column compared.</summary>
    public Statistic Statistic { get; init; } = Statistic.Mean;

    /// <summary>Breach direction.</summary>
    public Comparison Comparison { get; init; } = Comparison.Above;

    /// <summary>Warning threshold (null: no warning level).</summary>
    public double? Warning { get; init; }

    /// <summary>Critical threshold (null: no critical level).</summary>
    public double? Critical { get; init; }

    /// <summary>Threshold to return beyond before resolving (hysteresis); null uses the lowest firing threshold.</summary>
    public double? ResolveThreshold { get; init; }

    /// <summary>How long the condition must hold before firing (0: the first breaching window fires).</summary>
    public TimeSpan Sustain { get; init; } = TimeSpan.Zero;

    /// <summary>Rows with a Count below this are not evaluated (too few samples to judge).</summary>
    public long MinCount { get; init; }

    /// <summary>What the thresholds are relative to.</summary>
    public ThresholdScale Scale { get; init; } = ThresholdScale.Absolute;

    /// <summary>Only rows of these sources are evaluated (null: all).</summary>
    public IReadOnlyList<TelemetrySource>? Sources { get; init; }

    /// <summary>A firing alert whose series has produced no rows for this long resolves ("no data").</summary>
    public TimeSpan NoDataResolveAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>False turns the rule off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Per-deployment overrides, keyed by deployment name (ordinal).</summary>
    public IReadOnlyDictionary<string, RuleOverride>? Overrides { get; init; }

    /// <summary>Unit used in summaries (for example "ms", "%").</summary>
    public string Unit { get; init; } = string.Empty;

    /// <summary>Throws when the rule is inconsistent, naming the rule and the setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("rule name must not be empty");
        }

        if (string.IsNullOrWhiteSpace(Metric))
        {
            throw new ArgumentException($"rules.{Name}.metric must not be empty");
        }

        if (Warning is null && Critical is null)
        {
            throw new ArgumentException($"rules.{Name}: set warning and/or critical");
        }

        if (Warning is { } w && Critical is { } c && (Comparison == Comparison.Above ? c < w : c > w))
        {
            throw new ArgumentException($"rules.{Name}: critical ({c}) must be beyond warning ({w}) for comparison {Comparison}");
        }

        if (Sustain < TimeSpan.Zero || NoDataResolveAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException($"rules.{Name}: sustain must be >= 0 and noDataResolveAfter > 0");
        }
    }
}
