namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>incidents</c> section.</summary>
internal sealed class IncidentsSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Load surge ratio.</summary>
    public double? SurgeRatio { get; set; }

    /// <summary>Throttled rise ratio.</summary>
    public double? ThrottledRiseRatio { get; set; }

    /// <summary>Throttle share.</summary>
    public double? ThrottleShare { get; set; }

    /// <summary>Baseline windows (whole number 1..32).</summary>
    public double? BaselineWindows { get; set; }

    /// <summary>Fewest baseline windows (whole number 1..32).</summary>
    public double? MinBaselineWindows { get; set; }

    /// <summary>How long a rollout is a suspect (duration).</summary>
    public string? RolloutHorizon { get; set; }

    /// <summary>Hold before resolving (duration).</summary>
    public string? ResolveHold { get; set; }

    /// <summary>Idle GPU utilization %.</summary>
    public double? IdleUtilization { get; set; }

    /// <summary>Warning breach margin.</summary>
    public double? MinBreachMargin { get; set; }

    /// <summary>Open incidents bound (whole number 1..1000000).</summary>
    public double? MaxOpenIncidents { get; set; }

    /// <summary>Pending alerts bound (whole number 1..10000000).</summary>
    public double? MaxPendingAlerts { get; set; }
}
