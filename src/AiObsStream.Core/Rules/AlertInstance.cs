using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Rules;

/// <summary>Lifecycle state of one rule on one series.</summary>
internal sealed class AlertInstance
{
    /// <summary>Consecutive breaching windows at warning level or beyond, and when that run began.</summary>
    public int WarnRun;
    public long WarnRunStart;

    /// <summary>Consecutive breaching windows at critical level, and when that run began.</summary>
    public int CritRun;
    public long CritRunStart;

    /// <summary>Start of the last window in which the rule was evaluated on this series.</summary>
    public long LastWindowStart = long.MinValue;

    /// <summary>Current firing severity (None when not firing).</summary>
    public Severity Firing;
    public string? AlertId;
    public long StartsAt;

    /// <summary>The series' last row while the alert fires (its no-data resolve is built from it); null otherwise.</summary>
    public MetricRow? LastRow;

    public double LastValue;
    public double LastThreshold;
}
