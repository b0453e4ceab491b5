using System.Text.Json;
using AiObsStream.Core.Rules;

namespace AiObsStream.Formats.Output;

/// <summary>Serializes alert events in the column layout of the Log Analytics custom table AiObsAlerts_CL.</summary>
public static class AlertJson
{
    /// <summary>Writes one alert event as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(alert);
        writer.WriteStartObject();
        JsonFields.WriteTime(writer, "TimeGenerated", alert.TimeGeneratedMs);
        writer.WriteString("AlertId", alert.AlertId);
        writer.WriteString("IncidentId", alert.IncidentId); // always, empty when the alert belongs to no incident
        writer.WriteString("Rule", alert.Rule);
        writer.WriteString("Severity", alert.Severity.ToString());
        writer.WriteString("Status", alert.Status.ToString());
        JsonFields.WriteTime(writer, "StartsAt", alert.StartsAtMs);
        if (alert.EndsAtMs is { } ends)
        {
            JsonFields.WriteTime(writer, "EndsAt", ends);
        }

        JsonFields.WriteNumber(writer, "Value", alert.Value);
        JsonFields.WriteNumber(writer, "Threshold", alert.Threshold);
        writer.WriteString("Metric", alert.Metric);
        writer.WriteString("Statistic", alert.Statistic.ToString());
        writer.WriteString("Source", alert.Source);
        writer.WriteString("Deployment", alert.Deployment);
        writer.WriteString("ModelName", alert.ModelName);
        writer.WriteString("ModelVersion", alert.ModelVersion);
        writer.WriteString("Operation", alert.Operation);
        writer.WriteString("Host", alert.Host);
        writer.WriteString("Gpu", alert.Gpu);
        if (alert.OtherDims.Length > 0)
        {
            writer.WriteString("OtherDims", alert.OtherDims); // only when set: rows without it are unchanged
        }

        JsonFields.WriteNumber(writer, "Score", alert.Score);
        JsonFields.WriteNumber(writer, "ExpectedValue", alert.ExpectedValue);
        JsonFields.WriteNumber(writer, "LowerBound", alert.LowerBound);
        JsonFields.WriteNumber(writer, "UpperBound", alert.UpperBound);
        writer.WriteString("Summary", alert.Summary);
        writer.WriteEndObject();
    }
}
