namespace AiObsStream.Core.Incidents;

/// <summary>One number behind an incident's cause, e.g. <c>load_ratio</c> 2.6 or <c>latency_p95_before_ms</c> 887.</summary>
/// <param name="Name">Snake-case name, unique within the incident.</param>
/// <param name="Value">The value (finite).</param>
public sealed record EvidenceItem(string Name, double Value);
