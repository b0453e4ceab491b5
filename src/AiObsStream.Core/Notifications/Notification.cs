using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Notifications;

/// <summary>One message to a receiver: the visible alerts of one group at one event time.</summary>
public sealed record Notification
{
    /// <summary>The group key, e.g. <c>deployment=chat-prod,host=,family=latency</c> (labels in configured order).</summary>
    public required string GroupKey { get; init; }

    /// <summary>Firing when any alert in <see cref="Alerts"/> fires, Resolved when all are resolved.</summary>
    public required AlertStatus Status { get; init; }

    /// <summary>Why it was sent.</summary>
    public required NotificationReason Reason { get; init; }

    /// <summary>Event time of the notification (Unix ms): the tick of the group that sent it.</summary>
    public required long TimeMs { get; init; }

    /// <summary>The incident this notification announces (its latest state), when notifications are per incident.</summary>
    public Incidents.IncidentEvent? Incident { get; init; }

    /// <summary>The group's alerts that are neither silenced nor inhibited, ordered by alert key.</summary>
    public required IReadOnlyList<NotifiedAlert> Alerts { get; init; }
}
