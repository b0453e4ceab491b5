using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Actions;

/// <summary>What an action acts on: a notified incident (per-incident notifications) or a notified alert.</summary>
public sealed record ActionSubject
{
    /// <summary>The incident id (an alert's notifier incident id when incidents are off); the first half of the idempotency key.</summary>
    public required string Id { get; init; }

    /// <summary>The incident's cause; null for a plain alert.</summary>
    public IncidentCause? Cause { get; init; }

    /// <summary>The alert's rule, or the rules of the incident's signals.</summary>
    public required IReadOnlyList<string> Rules { get; init; }

    /// <summary>Highest severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Deployments (ordinal order; empty for host-wide problems).</summary>
    public required IReadOnlyList<string> Deployments { get; init; }

    /// <summary>Hosts (ordinal order).</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>The model version the problem is about (for a version regression: the regressed version); empty when unknown.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The numbers behind it (name, value), in the incident's order.</summary>
    public required IReadOnlyList<EvidenceItem> Evidence { get; init; }

    /// <summary>The one-sentence summary (never prompt or response text).</summary>
    public required string Summary { get; init; }

    /// <summary>The first deployment, else the first host, else <c>*</c>: the scope of cooldowns.</summary>
    public string Scope => Deployments.Count > 0 ? Deployments[0] : Hosts.Count > 0 ? Hosts[0] : "*";
}
