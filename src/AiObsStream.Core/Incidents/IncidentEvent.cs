using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <summary>
/// One incident state change (a line of incidents.jsonl, a message on the alert topic, a row of AiObsIncidents_CL):
/// every alert that belongs to one underlying problem, with its probable cause and the evidence for it.
/// </summary>
/// <remarks>Times are event time (Unix ms); the same input always gives the same events and ids.</remarks>
public sealed record IncidentEvent
{
    /// <summary>Stable id: identical for every change of the incident and across replays.</summary>
    public required string IncidentId { get; init; }

    /// <summary>Open, Updated or Resolved.</summary>
    public required IncidentStatus Status { get; init; }

    /// <summary>Event time of this change.</summary>
    public required long TimeGeneratedMs { get; init; }

    /// <summary>When the problem began (the earliest StartsAt of its alerts).</summary>
    public required long OpenedAtMs { get; init; }

    /// <summary>When it ended (Resolved only).</summary>
    public long? ResolvedAtMs { get; init; }

    /// <summary>The probable cause.</summary>
    public required IncidentCause Cause { get; init; }

    /// <summary>Highest severity of its signals.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Deployments affected, ordinal order.</summary>
    public required IReadOnlyList<string> Deployments { get; init; }

    /// <summary>Model versions involved, ordinal order.</summary>
    public required IReadOnlyList<string> ModelVersions { get; init; }

    /// <summary>GPU hosts involved, ordinal order.</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>The signals (one per rule and scope, not per source), ordered by rule then deployment then host.</summary>
    public required IReadOnlyList<IncidentSignal> Signals { get; init; }

    /// <summary>The numbers behind the cause (before/after, load, baseline), in a fixed order per cause.</summary>
    public required IReadOnlyList<EvidenceItem> Evidence { get; init; }

    /// <summary>One sentence a person reads on a phone (never prompt or response text).</summary>
    public required string Summary { get; init; }
}
