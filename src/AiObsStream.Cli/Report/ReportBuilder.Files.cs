using System.Text.Json;

namespace AiObsStream.Cli.Report;

/// <summary>The other output files: incidents, alerts, notifications and dead letters.</summary>
internal sealed partial class ReportBuilder
{
    /// <summary>Incidents kept (each is a few hundred bytes); past this they are counted, not listed.</summary>
    internal const int MaxIncidents = 2000;

    /// <summary>Rows of the drift / regression verdicts table.</summary>
    internal const int MaxVerdictRows = 200;

    private int _incidentsNotListed;

    private Dictionary<string, IncidentInfo> ReadIncidents()
    {
        var incidents = new Dictionary<string, IncidentInfo>(StringComparer.Ordinal);
        foreach (var e in JsonlFile.Read(Path.Combine(_dir, "incidents.jsonl"), _inputs))
        {
            var id = e.Str("IncidentId");
            if (id.Length == 0)
            {
                continue;
            }

            if (!incidents.TryGetValue(id, out var incident))
            {
                if (incidents.Count >= MaxIncidents)
                {
                    _incidentsNotListed++;
                    continue;
                }

                incident = new IncidentInfo { Id = id };
                incidents[id] = incident;
            }

            incident.Apply(e);
        }

        if (_incidentsNotListed > 0)
        {
            Note("incidents", $"Only the first {MaxIncidents:N0} incidents are listed; later changes of {_incidentsNotListed:N0} more were not read.");
        }

        return incidents;
    }

    /// <summary>Adds each alert change to its incident; returns the number of distinct alerts that fired.</summary>
    private int ReadAlerts(Dictionary<string, IncidentInfo> incidents)
    {
        var fired = new HashSet<string>(StringComparer.Ordinal);
        var perIncident = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var verdicts = new List<IReadOnlyList<string>>();
        var verdictCount = 0;
        foreach (var e in JsonlFile.Read(Path.Combine(_dir, "alerts.jsonl"), _inputs))
        {
            var alertId = e.Str("AlertId");
            var status = e.Str("Status");
            var rule = e.Str("Rule");
            if (string.Equals(status, "Firing", StringComparison.Ordinal) && alertId.Length > 0)
            {
                fired.Add(alertId);
            }

            var row = (IReadOnlyList<string>)
            [
                Format.Time(e.Time("TimeGenerated")), rule, status, e.Str("Deployment"), e.Str("ModelVersion"), e.Str("Metric"),
                Format.Number(e.Num("Value")), e.Str("Summary"),
            ];
            if (e.Str("IncidentId") is { Length: > 0 } incidentId && incidents.TryGetValue(incidentId, out var incident))
            {
                var ids = perIncident.TryGetValue(incidentId, out var s) ? s : perIncident[incidentId] = new HashSet<string>(StringComparer.Ordinal);
                ids.Add(alertId);
                incident.AlertCount = ids.Count;
                if (incident.Alerts.Count < IncidentInfo.MaxAlertsListed)
                {
                    incident.Alerts.Add(row);
                }
            }

            if (rule.Contains("drift", StringComparison.Ordinal) || rule.Contains("regression", StringComparison.Ordinal))
            {
                verdictCount++;
                if (verdicts.Count < MaxVerdictRows)
                {
                    verdicts.Add(row);
                }
            }
        }

        if (verdicts.Count > 0)
        {
            _tables.Add(new TableData("verdict-table", Quality, "Quality drift and model-version regression verdicts (alerts.jsonl)",
                ["time", "rule", "status", "deployment", "version", "metric", "value", "statistics"], verdicts,
                verdictCount > verdicts.Count ? $"{verdicts.Count} of {verdictCount:N0} shown." : string.Empty));
        }
        else
        {
            Note(Quality, "No quality-drift or model-version-regression alerts in alerts.jsonl.");
        }

        return fired.Count;
    }

    private long ReadNotifications(Dictionary<string, IncidentInfo> incidents)
    {
        long count = 0;
        foreach (var e in JsonlFile.Read(Path.Combine(_dir, "notifications.jsonl"), _inputs))
        {
            count++;
            if (e.TryGetProperty("Incident", out var incident) && incident.ValueKind == JsonValueKind.Object
                && incidents.TryGetValue(incident.Str("IncidentId"), out var info))
            {
                info.Notifications++;
            }
        }

        return count;
    }

    private long ReadDeadLetters()
    {
        long count = 0;
        foreach (var e in JsonlFile.Read(Path.Combine(_dir, "deadletter.jsonl"), _inputs))
        {
            // Only the input and the reason: the excerpt may hold request content and is never shown.
            count++;
            AddDeadLetter(e.Str("Input"), e.Str("Reason"));
            if (string.Equals(e.Str("Reason"), "late", StringComparison.Ordinal))
            {
                AddLateDeadLetter(e.Str("Input"), e.Str("Message"));
            }
        }

        return count;
    }
}
