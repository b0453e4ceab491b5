using System.Text.Json;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Formats.Output;

/// <summary>
/// Serializes one alert of a notification in the Azure Monitor common alert schema
/// (<c>schemaId: azureMonitorCommonAlertSchema</c>: <c>data.essentials</c> + <c>data.alertContext</c>), so Action
/// Groups' Logic Apps, Functions and existing receivers can consume AiObsStream notifications unchanged.
/// </summary>
/// <remarks>
/// Schema: https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema (essentials: alertId, alertRule,
/// severity Sev0-Sev4, signalType, monitorCondition Fired/Resolved, monitoringService, alertTargetIDs,
/// configurationItems, originAlertId, firedDateTime, resolvedDateTime, description, essentialsVersion,
/// alertContextVersion; alertContext: fields that vary by alert type). Incidents: see <see cref="WriteIncident"/>.
/// </remarks>
public static partial class CommonAlertSchemaJson
{
    /// <summary>Writes the payload for <paramref name="alert"/> (one alert of <paramref name="notification"/>).</summary>
    public static void Write(Utf8JsonWriter writer, Notification notification, NotifiedAlert alert)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(alert);
        var a = alert.Latest;
        writer.WriteStartObject();
        writer.WriteString("schemaId", "azureMonitorCommonAlertSchema");
        writer.WriteStartObject("data");
        writer.WriteStartObject("essentials");
        writer.WriteString("alertId", "/aiobs/alerts/" + alert.IncidentId);
        writer.WriteString("alertRule", alert.Rule);
        writer.WriteString("severity", alert.Severity == Severity.Critical ? "Sev1" : "Sev2");
        writer.WriteString("signalType", alert.Rule.StartsWith("anomaly:", StringComparison.Ordinal) ? "Log" : "Metric");
        writer.WriteString("monitorCondition", alert.Status == AlertStatus.Firing ? "Fired" : "Resolved");
        writer.WriteString("monitoringService", "AiObsStream");
        writer.WriteStartArray("alertTargetIDs");
        writer.WriteEndArray();
        writer.WriteStartArray("configurationItems");
        foreach (var item in new[] { a.Deployment, a.Host, a.Gpu })
        {
            if (item.Length > 0)
            {
                writer.WriteStringValue(item);
            }
        }

        writer.WriteEndArray();
        writer.WriteString("originAlertId", alert.IncidentId);
        JsonFields.WriteTime(writer, "firedDateTime", alert.StartsAtMs);
        if (alert.Status == AlertStatus.Resolved && alert.EndsAtMs is { } ends)
        {
            JsonFields.WriteTime(writer, "resolvedDateTime", ends);
        }

        writer.WriteString("description", a.Summary);
        writer.WriteString("essentialsVersion", "1.0");
        writer.WriteString("alertContextVersion", "1.0");
        writer.WriteEndObject();
        writer.WriteStartObject("alertContext");
        writer.WriteString("groupKey", notification.GroupKey);
        writer.WriteString("reason", notification.Reason.ToString());
        writer.WriteString("metric", a.Metric);
        writer.WriteString("statistic", a.Statistic.ToString());
        JsonFields.WriteNumber(writer, "value", a.Value);
        JsonFields.WriteNumber(writer, "threshold", a.Threshold);
        writer.WriteString("source", a.Source);
        writer.WriteString("deployment", a.Deployment);
        writer.WriteString("modelName", a.ModelName);
        writer.WriteString("modelVersion", a.ModelVersion);
        writer.WriteString("operation", a.Operation);
        writer.WriteString("host", a.Host);
        writer.WriteString("gpu", a.Gpu);
        if (a.OtherDims.Length > 0)
        {
            writer.WriteString("otherDims", a.OtherDims);
        }

        JsonFields.WriteNumber(writer, "score", a.Score);
        JsonFields.WriteNumber(writer, "expectedValue", a.ExpectedValue);
        JsonFields.WriteNumber(writer, "lowerBound", a.LowerBound);
        JsonFields.WriteNumber(writer, "upperBound", a.UpperBound);
        writer.WriteBoolean("held", alert.Held);
        writer.WriteNumber("suppressedChanges", alert.SuppressedChanges);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
