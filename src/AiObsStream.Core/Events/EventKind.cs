namespace AiObsStream.Core.Events;

/// <summary>The shape of a <see cref="TelemetryEvent"/>; selects which fields are meaningful.</summary>
public enum EventKind : byte
{
    /// <summary>One inference request/response (status, latency, TTFT, tokens).</summary>
    Request = 0,

    /// <summary>One GPU telemetry sample of one field (dcgm-exporter); <see cref="TelemetryEvent.Metric"/> names the field.</summary>
    GpuSample = 1,

    /// <summary>A platform metric point, possibly pre-aggregated (count/total/min/max over a time grain).</summary>
    MetricPoint = 2,

    /// <summary>A quality evaluation result (OpenTelemetry GenAI evaluation event) or user feedback score.</summary>
    Evaluation = 3,

    /// <summary>A control-plane audit event (for example ListKey).</summary>
    Audit = 4,

    /// <summary>A Key Vault data-plane access (AuditEvent: SecretGet, SecretList, KeyGet...); <see cref="TelemetryEvent.Detail"/> is the identity.</summary>
    SecretAccess = 5,
}
