namespace AiObsStream.Core.Notifications;

/// <summary>An alert label that notifications can be grouped by (Alertmanager's <c>group_by</c>).</summary>
public enum GroupLabel
{
    /// <summary>The deployment.</summary>
    Deployment = 0,

    /// <summary>The host.</summary>
    Host = 1,

    /// <summary>The rule name up to its first '-' or ':' (<c>latency-p95</c> → <c>latency</c>, <c>anomaly:ttft_ms</c> → <c>anomaly</c>).</summary>
    RuleFamily = 2,

    /// <summary>The full rule name.</summary>
    Rule = 3,

    /// <summary>The model name.</summary>
    ModelName = 4,

    /// <summary>The model version.</summary>
    ModelVersion = 5,

    /// <summary>The telemetry source.</summary>
    Source = 6,

    /// <summary>The operation.</summary>
    Operation = 7,

    /// <summary>The GPU.</summary>
    Gpu = 8,

    /// <summary>
    /// The incident: an incident pseudo-alert's own id (<c>incident:*</c> rules), else the alert's
    /// <see cref="Rules.AlertEvent.IncidentId"/> (empty when none), so per-incident notifications never share a group.
    /// </summary>
    Incident = 9,
}
