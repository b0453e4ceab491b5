using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Notifications;

/// <summary>One alert as a notification shows it: its incident and its effective (post keep-firing / damping) state.</summary>
public sealed record NotifiedAlert
{
    /// <summary>Stable id of the incident: the <see cref="AlertEvent.AlertId"/> of the event that opened it.</summary>
    /// <remarks>A re-fire inside keep-firing-for (or while the resolve is still unsent) keeps this id.</remarks>
    public required string IncidentId { get; init; }

    /// <summary>The rule name.</summary>
    public required string Rule { get; init; }

    /// <summary>Effective status: Firing while the upstream alert fires or is held by keep-firing-for or flap damping.</summary>
    public required AlertStatus Status { get; init; }

    /// <summary>The highest severity seen in the incident.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Start of the incident (event time, Unix ms).</summary>
    public required long StartsAtMs { get; init; }

    /// <summary>End of the breaching condition (the upstream resolve's end), for resolved alerts.</summary>
    public long? EndsAtMs { get; init; }

    /// <summary>True when the upstream alert is resolved but keep-firing-for (or flap damping) still holds it firing.</summary>
    public bool Held { get; init; }

    /// <summary>State changes suppressed by flap damping in this alert's history (non-zero means it flaps).</summary>
    public int SuppressedChanges { get; init; }

    /// <summary>The latest upstream event of the alert (dimensions, value, threshold, evidence, summary).</summary>
    public required AlertEvent Latest { get; init; }
}
