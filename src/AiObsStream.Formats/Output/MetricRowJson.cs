using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Formats.Output;

/// <summary>Serializes metric rows in the column layout of the Log Analytics custom table AiObsMetrics_CL.</summary>
/// <remarks>TimeGenerated is the window start (like Azure's PT1M metrics); columns that do not apply are omitted.</remarks>
public static class MetricRowJson
{
    /// <summary>Writes one row as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, MetricRow row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
        var d = row.Dims;
        writer.WriteStartObject();
        JsonFields.WriteTime(writer, "TimeGenerated", row.WindowStartMs);
        JsonFields.WriteTime(writer, "WindowStart", row.WindowStartMs);
        JsonFields.WriteTime(writer, "WindowEnd", row.WindowEndMs);
        writer.WriteString("Metric", row.Metric);
        writer.WriteString("Source", d.Source.ToString());
        writer.WriteString("Deployment", d.Deployment);
        writer.WriteString("ModelName", d.ModelName);
        writer.WriteString("ModelVersion", row.ModelVersion);
        writer.WriteString("Operation", d.Operation);
        writer.WriteString("Resource", d.Resource);
        writer.WriteString("Host", d.Host);
        writer.WriteString("Gpu", d.Gpu);
        if (d.OtherDims.Length > 0)
        {
            writer.WriteString("OtherDims", d.OtherDims); // only when set: rows without it are unchanged
        }

        writer.WriteNumber("Count", row.Count);
        JsonFields.WriteNumber(writer, "Sum", row.Sum);
        JsonFields.WriteNumber(writer, "Min", row.Min);
        JsonFields.WriteNumber(writer, "Max", row.Max);
        JsonFields.WriteNumber(writer, "Mean", row.Mean);
        JsonFields.WriteNumber(writer, "P50", row.P50);
        JsonFields.WriteNumber(writer, "P90", row.P90);
        JsonFields.WriteNumber(writer, "P95", row.P95);
        JsonFields.WriteNumber(writer, "P99", row.P99);
        JsonFields.WriteNumber(writer, "Rate", row.Rate);
        JsonFields.WriteNumber(writer, "Share", row.Share);
        writer.WriteNumber("Revision", row.Revision);
        writer.WriteString("RowId", row.RowId.ToString("x16", CultureInfo.InvariantCulture));
        if (row.Team.Length > 0)
        {
            writer.WriteString("Team", row.Team);
        }

        if (row.Project.Length > 0)
        {
            writer.WriteString("Project", row.Project);
        }
        writer.WriteEndObject();
    }
}
