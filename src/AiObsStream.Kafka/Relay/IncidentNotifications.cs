using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// The notification the relay hands the sinks for one incident state change: one group per incident
/// (<c>incident=ID</c>), its pseudo-alert (<see cref="IncidentAlert"/>), reason Initial for Open and Update otherwise.
/// </summary>
/// <remarks>
/// The tasks' notifiers (group_wait, group_interval, repeat_interval, silences, inhibition) run inside each task and
/// are not on the topic: the relay announces every incident change once, as the topic carries them.
/// </remarks>
internal static class IncidentNotifications
{
    public static Notification Of(IncidentEvent incident)
    {
        var alert = IncidentAlert.Of(incident, incident.Deployments.Count > 0 ? incident.Deployments[0] : string.Empty,
            incident.Hosts.Count > 0 ? incident.Hosts[0] : string.Empty);
        return new Notification
        {
            GroupKey = "incident=" + incident.IncidentId,
            Status = alert.Status,
            Reason = incident.Status == IncidentStatus.Open ? NotificationReason.Initial : NotificationReason.Update,
            TimeMs = incident.TimeGeneratedMs,
            Incident = incident,
            Alerts =
            [
                new NotifiedAlert
                {
                    IncidentId = incident.IncidentId,
                    Rule = alert.Rule,
                    Status = alert.Status == AlertStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing,
                    Severity = incident.Severity,
                    StartsAtMs = incident.OpenedAtMs,
                    EndsAtMs = incident.ResolvedAtMs,
                    Latest = alert,
                },
            ],
        };
    }
}
