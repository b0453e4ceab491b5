using System.Text.Json;
using AiObsStream.Core.Rules;

namespace AiObsStream.Formats.Output;

/// <summary>Serializes alert events in the column layout of the Log Analytics custom table AiObsAlerts_CL.</summary>
/// <remarks>Column names are encoded once; times are formatted into stack buffers.</remarks>
public static class AlertJson
{
    private static readonly JsonEncodedText TimeGeneratedName = JsonEncodedText.Encode("TimeGenerated");
    private static readonly JsonEncodedText StartsAtName = JsonEncodedText.Encode("StartsAt");
    private static readonly JsonEncodedText EndsAtName = JsonEncodedText.Encode("EndsAt");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("Value");
    private static readonly JsonEncodedText ThresholdName = JsonEncodedText.Encode("Threshold");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("Score");
    private static readonly JsonEncodedText ExpectedValueName = JsonEncodedText.Encode("ExpectedValue");
    private static readonly JsonEncodedText LowerBoundName = JsonEncodedText.Encode("LowerBound");
    private static readonly JsonEncodedText UpperBoundName = JsonEncodedText.Encode("UpperBound");
    private static readonly JsonEncodedText AlertIdName = JsonEncodedText.Encode("AlertId");
    private static readonly JsonEncodedText IncidentIdName = JsonEncodedText.Encode("IncidentId");
    private static readonly JsonEncodedText RuleName = JsonEncodedText.Encode("Rule");
    private static readonly JsonEncodedText SeverityName = JsonEncodedText.Encode("Severity");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("Status");
    private static readonly JsonEncodedText MetricName = JsonEncodedText.Encode("Metric");
    private static readonly JsonEncodedText StatisticName = JsonEncodedText.Encode("Statistic");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("Source");
    private static readonly JsonEncodedText DeploymentName = JsonEncodedText.Encode("Deployment");
    private static readonly JsonEncodedText ModelNameName = JsonEncodedText.Encode("ModelName");
    private static readonly JsonEncodedText ModelVersionName = JsonEncodedText.Encode("ModelVersion");
    private static readonly JsonEncodedText OperationName = JsonEncodedText.Encode("Operation");
    private static readonly JsonEncodedText HostName = JsonEncodedText.Encode("Host");
    private static readonly JsonEncodedText GpuName = JsonEncodedText.Encode("Gpu");
    private static readonly JsonEncodedText OtherDimsName = JsonEncodedText.Encode("OtherDims");
    private static readonly JsonEncodedText SummaryName = JsonEncodedText.Encode("Summary");

    /// <summary>Writes one alert event as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(alert);
        writer.WriteStartObject();
        JsonFields.WriteTime(writer, TimeGeneratedName, alert.TimeGeneratedMs);
        writer.WriteString(AlertIdName, alert.AlertId);
        writer.WriteString(IncidentIdName, alert.IncidentId); // always, empty when the alert belongs to no incident
        writer.WriteString(RuleName, alert.Rule);
        writer.WriteString(SeverityName, alert.Severity.ToString());
        writer.WriteString(StatusName, alert.Status.ToString());
        JsonFields.WriteTime(writer, StartsAtName, alert.StartsAtMs);
        if (alert.EndsAtMs is { } ends)
        {
            JsonFields.WriteTime(writer, EndsAtName, ends);
        }

        JsonFields.WriteNumber(writer, ValueName, alert.Value);
        JsonFields.WriteNumber(writer, ThresholdName, alert.Threshold);
        writer.WriteString(MetricName, alert.Metric);
        writer.WriteString(StatisticName, alert.Statistic.ToString());
        writer.WriteString(SourceName, alert.Source);
        writer.WriteString(DeploymentName, alert.Deployment);
        writer.WriteString(ModelNameName, alert.ModelName);
        writer.WriteString(ModelVersionName, alert.ModelVersion);
        writer.WriteString(OperationName, alert.Operation);
        writer.WriteString(HostName, alert.Host);
        writer.WriteString(GpuName, alert.Gpu);
        if (alert.OtherDims.Length > 0)
        {
            writer.WriteString(OtherDimsName, alert.OtherDims); // only when set: rows without it are unchanged
        }

        JsonFields.WriteNumber(writer, ScoreName, alert.Score);
        JsonFields.WriteNumber(writer, ExpectedValueName, alert.ExpectedValue);
        JsonFields.WriteNumber(writer, LowerBoundName, alert.LowerBound);
        JsonFields.WriteNumber(writer, UpperBoundName, alert.UpperBound);
        writer.WriteString(SummaryName, alert.Summary);
        writer.WriteEndObject();
    }
}
