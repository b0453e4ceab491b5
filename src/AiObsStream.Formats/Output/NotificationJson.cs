using System.Text.Json;
using AiObsStream.Core.Notifications;

namespace AiObsStream.Formats.Output;

/// <summary>
/// Serializes notifications: one grouped message with the state of each alert in the group and, when notifications are
/// per incident, the incident it announces (<c>Incident</c>, in the incidents.jsonl shape).
/// </summary>
public static class NotificationJson
{
    /// <summary>Writes one notification as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, Notification notification)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notification);
        writer.WriteStartObject();
        JsonFields.WriteTime(writer, "TimeGenerated", notification.TimeMs);
        writer.WriteString("GroupKey", notification.GroupKey);
        writer.WriteString("Status", notification.Status.ToString());
        writer.WriteString("Reason", notification.Reason.ToString());
        if (notification.Incident is { } incident)
        {
            // Per-incident notifications say which incident (and its state) they announce; absent otherwise.
            writer.WritePropertyName("Incident");
            IncidentJson.Write(writer, incident);
        }

        writer.WriteStartArray("Alerts");
        foreach (var a in notification.Alerts)
        {
            writer.WriteStartObject();
            writer.WriteString("IncidentId", a.IncidentId);
            writer.WriteString("Rule", a.Rule);
            writer.WriteString("Status", a.Status.ToString());
            writer.WriteString("Severity", a.Severity.ToString());
            JsonFields.WriteTime(writer, "StartsAt", a.StartsAtMs);
            if (a.EndsAtMs is { } ends)
            {
                JsonFields.WriteTime(writer, "EndsAt", ends);
            }

            writer.WriteBoolean("Held", a.Held);
            writer.WriteNumber("SuppressedChanges", a.SuppressedChanges);
            writer.WriteString("Deployment", a.Latest.Deployment);
            writer.WriteString("ModelVersion", a.Latest.ModelVersion);
            writer.WriteString("Host", a.Latest.Host);
            writer.WriteString("Gpu", a.Latest.Gpu);
            if (a.Latest.OtherDims.Length > 0)
            {
                writer.WriteString("OtherDims", a.Latest.OtherDims);
            }

            writer.WriteString("Summary", a.Latest.Summary);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
