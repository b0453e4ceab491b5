using System.Globalization;

namespace AiObsStream.Core.Incidents;

/// <summary>
/// Settings of the incident layer (config section <c>incidents</c>): how load surges are recognised, how long a rollout
/// stays a suspect, how long an incident is held after its last alert resolved, and the memory bounds.
/// </summary>
public sealed record IncidentOptions
{
    /// <summary>Correlate alerts into incidents (and notify per incident). Off: alerts are notified one by one, as before.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A window whose load is at least this multiple of the deployment's baseline is a surge (capacity).</summary>
    public double SurgeRatio { get; init; } = 1.5;

    /// <summary>A throttled window (429 share ≥ <see cref="ThrottleShare"/>) is a surge from this lower load multiple.</summary>
    public double ThrottledRiseRatio { get; init; } = 1.2;

    /// <summary>429 share of a window that counts as throttled (0..1).</summary>
    public double ThrottleShare { get; init; } = 0.05;

    /// <summary>Previous non-surge windows whose median load is the baseline.</summary>
    public int BaselineWindows { get; init; } = 10;

    /// <summary>Fewest previous windows before a load ratio is trusted (before that no window is called a surge).</summary>
    public int MinBaselineWindows { get; init; } = 3;

    /// <summary>How long after its rollout a model version is the suspect of request-performance alerts.</summary>
    public TimeSpan RolloutHorizon { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Event time an incident stays open after every alert in it resolved; a re-fire inside it continues the incident.</summary>
    public TimeSpan ResolveHold { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// GPU utilization (%) below which a GPU is idle (the <c>gpu-underutilized</c> rule's warning level): a <c>gpu_util</c>
    /// anomaly down is an idle GPU only below it, a <c>power_w</c> anomaly down only while its GPU is below it.
    /// </summary>
    public double IdleUtilization { get; init; } = 30;

    /// <summary>
    /// Smallest relative margin by which a warning-level threshold breach must pass its threshold to open an
    /// <c>unexplained</c> incident on its own (0.1: p95 1,009 ms against 1,000 ms is not an incident; 1,100 ms is). A
    /// breach inside the margin still joins an incident that is open for it, and stays in alerts.jsonl; anomalies (which
    /// carry their own practical-effect floors), critical breaches and alerts with a cause are not affected.
    /// </summary>
    public double MinBreachMargin { get; init; } = 0.1;

    /// <summary>Most open incidents held; alerts beyond it get no incident and are counted in the overflow.</summary>
    public int MaxOpenIncidents { get; init; } = 1000;

    /// <summary>Most alerts waiting for their window to settle; beyond it the oldest settle at once (counted).</summary>
    public int MaxPendingAlerts { get; init; } = 100_000;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Check(double.IsFinite(SurgeRatio) && SurgeRatio > 1, "incidents.surgeRatio", "must be > 1", SurgeRatio);
        Check(double.IsFinite(ThrottledRiseRatio) && ThrottledRiseRatio >= 1 && ThrottledRiseRatio <= SurgeRatio,
            "incidents.throttledRiseRatio", "must be in [1, surgeRatio]", ThrottledRiseRatio);
        Check(ThrottleShare is > 0 and <= 1, "incidents.throttleShare", "must be in (0, 1]", ThrottleShare);
        Check(BaselineWindows is >= 1 and <= 32, "incidents.baselineWindows", "must be in [1, 32]", BaselineWindows);
        Check(MinBaselineWindows >= 1 && MinBaselineWindows <= BaselineWindows, "incidents.minBaselineWindows",
            "must be in [1, baselineWindows]", MinBaselineWindows);
        Check(RolloutHorizon > TimeSpan.Zero, "incidents.rolloutHorizon", "must be > 0", RolloutHorizon);
        Check(ResolveHold >= TimeSpan.Zero, "incidents.resolveHold", "must be >= 0", ResolveHold);
        Check(double.IsFinite(IdleUtilization) && IdleUtilization is > 0 and <= 100, "incidents.idleUtilization", "must be in (0, 100]", IdleUtilization);
        Check(double.IsFinite(MinBreachMargin) && MinBreachMargin is >= 0 and <= 10, "incidents.minBreachMargin", "must be in [0, 10]", MinBreachMargin);
        Check(MaxOpenIncidents is >= 1 and <= 1_000_000, "incidents.maxOpenIncidents", "must be in [1, 1000000]", MaxOpenIncidents);
        Check(MaxPendingAlerts is >= 1 and <= 10_000_000, "incidents.maxPendingAlerts", "must be in [1, 10000000]", MaxPendingAlerts);
    }

    private static void Check(bool ok, string setting, string rule, object value)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{setting} {rule} (got {value})"));
        }
    }
}
