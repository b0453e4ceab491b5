using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Formats.Output;

/// <summary>The common-alert-schema payload of a per-incident notification.</summary>
public static partial class CommonAlertSchemaJson
{
    /// <summary>
    /// Writes the ONE alert that announces <paramref name="incident"/> (the incident's latest state in
    /// <paramref name="notification"/>): a receiver pages once per real problem, not once per raw alert.
    /// </summary>
    /// <remarks>
    /// Mapping onto https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema:
    /// <c>essentials.alertId</c> <c>/aiobs/incidents/ID</c> (a path like Azure's own alert ids; the bare IncidentId is
    /// <c>originAlertId</c>), <c>alertRule</c> <c>incident:CAUSE</c>, <c>severity</c> Critical = Sev1 and otherwise Sev2
    /// (as for alerts), <c>monitorCondition</c> Fired until the incident is Resolved, <c>firedDateTime</c> OpenedAt,
    /// <c>resolvedDateTime</c> ResolvedAt, <c>description</c> the incident's Summary, <c>configurationItems</c> its
    /// deployments then hosts. <c>alertContext</c> (free-form per alert type) carries the cause, the status of the
    /// change, the signals, the evidence and the model versions. Receivers de-duplicate on (alertId, monitorCondition)
    /// as before; an Updated change is a second Fired payload for the same alertId with new context.
    /// </remarks>
    public static void WriteIncident(Utf8JsonWriter writer, Notification notification, IncidentEvent incident)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(incident);
        var resolved = incident.Status == IncidentStatus.Resolved;
        var cause = IncidentCauses.Name(incident.Cause);
        writer.WriteStartObject();
        writer.WriteString("schemaId", "azureMonitorCommonAlertSchema");
        writer.WriteStartObject("data");
        writer.WriteStartObject("essentials");
        writer.WriteString("alertId", "/aiobs/incidents/" + incident.IncidentId);
        writer.WriteString("alertRule", "incident:" + cause);
        writer.WriteString("severity", incident.Severity == Severity.Critical ? "Sev1" : "Sev2");
        writer.WriteString("signalType", SignalType(incident));
        writer.WriteString("monitorCondition", resolved ? "Resolved" : "Fired");
        writer.WriteString("monitoringService", "AiObsStream");
        writer.WriteStartArray("alertTargetIDs");
        writer.WriteEndArray();
        writer.WriteStartArray("configurationItems");
        foreach (var item in incident.Deployments.Concat(incident.Hosts))
        {
            if (item.Length > 0)
            {
                writer.WriteStringValue(item);
            }
        }

        writer.WriteEndArray();
        writer.WriteString("originAlertId", incident.IncidentId);
        JsonFields.WriteTime(writer, "firedDateTime", incident.OpenedAtMs);
        if (resolved)
        {
            JsonFields.WriteTime(writer, "resolvedDateTime", incident.ResolvedAtMs ?? incident.TimeGeneratedMs);
        }

        writer.WriteString("description", incident.Summary);
        writer.WriteString("essentialsVersion", "1.0");
        writer.WriteString("alertContextVersion", "1.0");
        writer.WriteEndObject();
        WriteIncidentContext(writer, notification, incident, cause);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteIncidentContext(Utf8JsonWriter writer, Notification notification, IncidentEvent incident, string cause)
    {
        writer.WriteStartObject("alertContext");
        writer.WriteString("incidentId", incident.IncidentId);
        writer.WriteString("status", incident.Status.ToString());
        writer.WriteString("cause", cause);
        JsonFields.WriteTime(writer, "timeGenerated", incident.TimeGeneratedMs);
        writer.WriteString("groupKey", notification.GroupKey);
        writer.WriteString("reason", notification.Reason.ToString());
        IncidentJson.WriteStrings(writer, "deployments", incident.Deployments);
        IncidentJson.WriteStrings(writer, "modelVersions", incident.ModelVersions);
        IncidentJson.WriteStrings(writer, "hosts", incident.Hosts);
        writer.WriteStartArray("signals");
        foreach (var s in incident.Signals)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", s.Rule);
            writer.WriteString("metric", s.Metric);
            writer.WriteString("statistic", s.Statistic.ToString());
            JsonFields.WriteNumber(writer, "peak", s.Peak);
            JsonFields.WriteNumber(writer, "threshold", s.Threshold);
            writer.WriteString("severity", s.Severity.ToString());
            writer.WriteString("source", s.Source);
            IncidentJson.WriteStrings(writer, "sources", s.Sources);
            writer.WriteString("deployment", s.Deployment);
            writer.WriteString("modelVersion", s.ModelVersion);
            writer.WriteString("host", s.Host);
            writer.WriteNumber("alerts", s.Alerts);
            writer.WriteBoolean("firing", s.Firing);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        IncidentJson.WriteEvidence(writer, "evidence", incident.Evidence);
        writer.WriteEndObject();
    }

    // "Log" when every signal is a statistical anomaly (as for single anomaly alerts), otherwise "Metric".
    private static string SignalType(IncidentEvent incident) =>
        incident.Signals.Count > 0 && incident.Signals.All(s => s.Rule.StartsWith("anomaly:", StringComparison.Ordinal)) ? "Log" : "Metric";
}
