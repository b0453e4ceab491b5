namespace AiObsStream.Core.Rules;

/// <summary>
/// One alert state change, shaped for the Log Analytics custom table AiObsAlerts_CL (and the alert topic).
/// </summary>
/// <remarks>Times are event time (Unix ms), never wall-clock, so replays of the same input give identical events.</remarks>
public sealed record AlertEvent
{
    /// <summary>Stable id of the incident: identical for its Firing and Resolved events and across replays.</summary>
    public required string AlertId { get; init; }

    /// <summary>The rule name.</summary>
    public required string Rule { get; init; }

    /// <summary>Severity at this change.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Firing or Resolved.</summary>
    public required AlertStatus Status { get; init; }

    /// <summary>Event time of this change (the end of the window that caused it).</summary>
    public required long TimeGeneratedMs { get; init; }

    /// <summary>When the breaching condition began (start of the first breaching window).</summary>
    public required long StartsAtMs { get; init; }

    /// <summary>When it ended (start of the first clear window), for Resolved events.</summary>
    public long? EndsAtMs { get; init; }

    /// <summary>The observed value that caused the change.</summary>
    public required double Value { get; init; }

    /// <summary>The threshold that was crossed.</summary>
    public required double Threshold { get; init; }

    /// <summary>Metric of the rule.</summary>
    public required string Metric { get; init; }

    /// <summary>Statistic compared.</summary>
    public required Statistic Statistic { get; init; }

    /// <summary>Source of the series.</summary>
    public required string Source { get; init; }

    /// <summary>Deployment.</summary>
    public required string Deployment { get; init; }

    /// <summary>Model name.</summary>
    public required string ModelName { get; init; }

    /// <summary>Model version.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Operation.</summary>
    public required string Operation { get; init; }

    /// <summary>Host.</summary>
    public required string Host { get; init; }

    /// <summary>GPU.</summary>
    public required string Gpu { get; init; }

    /// <summary>The series' other dimensions (<see cref="Events.SeriesDims.OtherDims"/>), empty when none.</summary>
    public string OtherDims { get; init; } = string.Empty;

    /// <summary>Anomaly evidence: the detector score (NaN for threshold rules).</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>Anomaly evidence: the expected value (NaN for threshold rules).</summary>
    public double ExpectedValue { get; init; } = double.NaN;

    /// <summary>Anomaly evidence: lower bound of the expected band.</summary>
    public double LowerBound { get; init; } = double.NaN;

    /// <summary>Anomaly evidence: upper bound of the expected band.</summary>
    public double UpperBound { get; init; } = double.NaN;

    /// <summary>The incident (<see cref="Incidents.IncidentEvent.IncidentId"/>) this alert belongs to; empty when none was assigned.</summary>
    public string IncidentId { get; init; } = string.Empty;

    /// <summary>Human summary (never contains prompt or response content).</summary>
    public required string Summary { get; init; }
}
