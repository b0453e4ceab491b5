using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Actions;

/// <content>What a notified alert stands for: an incident (its pseudo-alert) or a plain alert.</content>
public sealed partial class ActionDecider
{
    private ActionSubject SubjectOf(Notification n, NotifiedAlert alert)
    {
        var latest = alert.Latest;
        if (!IncidentAlert.IsIncident(latest))
        {
            var deployments = latest.Deployment.Length > 0 ? new[] { latest.Deployment } : [];
            var evidence = new List<EvidenceItem>();
            if (double.IsFinite(latest.Value))
            {
                evidence.Add(new EvidenceItem("value", latest.Value));
            }

            if (double.IsFinite(latest.Threshold))
            {
                evidence.Add(new EvidenceItem("threshold", latest.Threshold));
            }

            return new ActionSubject
            {
                Id = alert.IncidentId.Length > 0 ? alert.IncidentId : latest.AlertId,
                Rules = [latest.Rule],
                Severity = alert.Severity,
                Deployments = deployments,
                Hosts = latest.Host.Length > 0 ? [latest.Host] : [],
                ModelVersion = latest.ModelVersion.Length > 0 ? latest.ModelVersion : deployments.Length > 0 ? _versions.Latest(deployments[0]) : string.Empty,
                Evidence = evidence,
                Summary = latest.Summary,
            };
        }

        var incident = n.Incident is { } attached && attached.IncidentId == latest.AlertId ? attached
            : _incidents.GetValueOrDefault(latest.AlertId);
        if (incident is null)
        {
            // Not seen (e.g. opened before a restart): the pseudo-alert still carries cause, severity and anchor scope.
            IncidentCause? cause = IncidentCauses.TryParse(latest.Rule.AsSpan(IncidentAlert.RulePrefix.Length), out var parsed) ? parsed : null;
            var deployment = latest.Deployment;
            return new ActionSubject
            {
                Id = latest.AlertId,
                Cause = cause,
                Rules = [latest.Rule],
                Severity = alert.Severity,
                Deployments = deployment.Length > 0 ? [deployment] : [],
                Hosts = latest.Host.Length > 0 ? [latest.Host] : [],
                ModelVersion = deployment.Length > 0 ? _versions.Latest(deployment) : string.Empty,
                Evidence = [],
                Summary = latest.Summary,
            };
        }

        var rules = new List<string> { latest.Rule };
        foreach (var s in incident.Signals)
        {
            if (!rules.Contains(s.Rule))
            {
                rules.Add(s.Rule);
            }
        }

        var version = VersionOf(incident);
        if (version.Length == 0 && incident.Deployments.Count > 0)
        {
            version = _versions.Latest(incident.Deployments[0]);
        }

        return new ActionSubject
        {
            Id = incident.IncidentId,
            Cause = incident.Cause,
            Rules = rules,
            Severity = incident.Severity,
            Deployments = incident.Deployments,
            Hosts = incident.Hosts,
            ModelVersion = version,
            Evidence = incident.Evidence,
            Summary = incident.Summary,
        };
    }

    /// <summary>The version the incident is about: the regressed one, else the version of its worst signal.</summary>
    private static string VersionOf(IncidentEvent incident)
    {
        IncidentSignal? top = null;
        foreach (var s in incident.Signals)
        {
            if (s.Rule == RegressionOptions.RuleName && s.ModelVersion.Length > 0)
            {
                return s.ModelVersion;
            }

            if (s.ModelVersion.Length > 0 && (top is null || s.Severity > top.Severity))
            {
                top = s;
            }
        }

        return top?.ModelVersion ?? (incident.ModelVersions.Count > 0 ? incident.ModelVersions[^1] : string.Empty);
    }
}
