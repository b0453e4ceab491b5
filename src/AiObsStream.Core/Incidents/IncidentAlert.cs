using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <summary>
/// The pseudo-alert that stands for an incident in front of the notifier, so that grouping, silences, flap damping and
/// timers act per incident: AlertId = IncidentId, Rule = <c>incident:&lt;cause&gt;</c>, the incident's severity and summary,
/// and the deployment and host it opened with (fixed for its life, so its notification group never moves).
/// </summary>
public static class IncidentAlert
{
    /// <summary>Rule-name prefix of incident pseudo-alerts.</summary>
    public const string RulePrefix = "incident:";

    /// <summary>True for a pseudo-alert made by <see cref="Of"/>.</summary>
    public static bool IsIncident(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Rule.StartsWith(RulePrefix, StringComparison.Ordinal);
    }

    /// <summary>The pseudo-alert of an incident state: Firing for Open and Updated, Resolved for Resolved.</summary>
    public static AlertEvent Of(IncidentEvent incident, string deployment, string host)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IncidentSignal? top = incident.Signals.Count > 0 ? incident.Signals[0] : null;
        foreach (var s in incident.Signals)
        {
            top = s.Severity > top!.Severity ? s : top;
        }

        return new AlertEvent
        {
            AlertId = incident.IncidentId,
            IncidentId = incident.IncidentId,
            Rule = RulePrefix + IncidentCauses.Name(incident.Cause),
            Severity = incident.Severity,
            Status = incident.Status == IncidentStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            TimeGeneratedMs = incident.TimeGeneratedMs,
            StartsAtMs = incident.OpenedAtMs,
            EndsAtMs = incident.ResolvedAtMs,
            Value = top?.Peak ?? double.NaN,
            Threshold = top?.Threshold ?? double.NaN,
            Metric = top?.Metric ?? string.Empty,
            Statistic = top?.Statistic ?? Statistic.Max,
            Source = top?.Source ?? string.Empty,
            Deployment = deployment,
            ModelName = string.Empty,
            ModelVersion = string.Empty, // the versions grow with the incident; the pseudo-alert's labels stay fixed
            Operation = string.Empty,
            Host = host,
            Gpu = string.Empty,
            Summary = incident.Summary,
        };
    }
}
