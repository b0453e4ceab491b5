using System.Text.Json;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Formats.Output;

/// <summary>Serializes metric rows in the column layout of the Log Analytics custom table AiObsMetrics_CL.</summary>
/// <remarks>
/// TimeGenerated is the window start (like Azure's PT1M metrics); columns that do not apply are omitted. Column names
/// are encoded once (a run writes one row per series and window), and times and the row id are formatted into stack
/// buffers: a row allocates nothing here.
/// </remarks>
public static partial class MetricRowJson
{
    private static readonly JsonEncodedText TimeGenerated = JsonEncodedText.Encode("TimeGenerated");
    private static readonly JsonEncodedText WindowStart = JsonEncodedText.Encode("WindowStart");
    private static readonly JsonEncodedText WindowEnd = JsonEncodedText.Encode("WindowEnd");
    private static readonly JsonEncodedText Metric = JsonEncodedText.Encode("Metric");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("Source");
    private static readonly JsonEncodedText Deployment = JsonEncodedText.Encode("Deployment");
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("ModelName");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("ModelVersion");
    private static readonly JsonEncodedText Operation = JsonEncodedText.Encode("Operation");
    private static readonly JsonEncodedText Resource = JsonEncodedText.Encode("Resource");
    private static readonly JsonEncodedText Host = JsonEncodedText.Encode("Host");
    private static readonly JsonEncodedText Gpu = JsonEncodedText.Encode("Gpu");
    private static readonly JsonEncodedText OtherDims = JsonEncodedText.Encode("OtherDims");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("Count");
    private static readonly JsonEncodedText Sum = JsonEncodedText.Encode("Sum");
    private static readonly JsonEncodedText Min = JsonEncodedText.Encode("Min");
    private static readonly JsonEncodedText Max = JsonEncodedText.Encode("Max");
    private static readonly JsonEncodedText Mean = JsonEncodedText.Encode("Mean");
    private static readonly JsonEncodedText P50 = JsonEncodedText.Encode("P50");
    private static readonly JsonEncodedText P90 = JsonEncodedText.Encode("P90");
    private static readonly JsonEncodedText P95 = JsonEncodedText.Encode("P95");
    private static readonly JsonEncodedText P99 = JsonEncodedText.Encode("P99");
    private static readonly JsonEncodedText Rate = JsonEncodedText.Encode("Rate");
    private static readonly JsonEncodedText Share = JsonEncodedText.Encode("Share");
    private static readonly JsonEncodedText Revision = JsonEncodedText.Encode("Revision");
    private static readonly JsonEncodedText RowId = JsonEncodedText.Encode("RowId");
    private static readonly JsonEncodedText Team = JsonEncodedText.Encode("Team");
    private static readonly JsonEncodedText Project = JsonEncodedText.Encode("Project");

    /// <summary>Writes one row as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, MetricRow row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
        var d = row.Dims;
        writer.WriteStartObject();
        JsonFields.WriteTime(writer, TimeGenerated, row.WindowStartMs);
        JsonFields.WriteTime(writer, WindowStart, row.WindowStartMs);
        JsonFields.WriteTime(writer, WindowEnd, row.WindowEndMs);
        writer.WriteString(Metric, row.Metric);
        writer.WriteString(Source, JsonFields.SourceName(d.Source));
        writer.WriteString(Deployment, d.Deployment);
        writer.WriteString(ModelName, d.ModelName);
        writer.WriteString(ModelVersion, row.ModelVersion);
        writer.WriteString(Operation, d.Operation);
        writer.WriteString(Resource, d.Resource);
        writer.WriteString(Host, d.Host);
        writer.WriteString(Gpu, d.Gpu);
        if (d.OtherDims.Length > 0)
        {
            writer.WriteString(OtherDims, d.OtherDims); // only when set: rows without it are unchanged
        }

        writer.WriteNumber(Count, row.Count);
        JsonFields.WriteNumber(writer, Sum, row.Sum);
        JsonFields.WriteNumber(writer, Min, row.Min);
        JsonFields.WriteNumber(writer, Max, row.Max);
        JsonFields.WriteNumber(writer, Mean, row.Mean);
        JsonFields.WriteNumber(writer, P50, row.P50);
        JsonFields.WriteNumber(writer, P90, row.P90);
        JsonFields.WriteNumber(writer, P95, row.P95);
        JsonFields.WriteNumber(writer, P99, row.P99);
        JsonFields.WriteNumber(writer, Rate, row.Rate);
        JsonFields.WriteNumber(writer, Share, row.Share);
        writer.WriteNumber(Revision, row.Revision);
        JsonFields.WriteHex16(writer, RowId, row.RowId);
        if (row.Team.Length > 0)
        {
            writer.WriteString(Team, row.Team);
        }

        if (row.Project.Length > 0)
        {
            writer.WriteString(Project, row.Project);
        }

        writer.WriteEndObject();
    }
}
