using System.Text.Json;

namespace AiObsStream.Cli.Report;

/// <summary>
/// Reads metrics.jsonl as the final value of each row. With <c>--emit updates</c> a row is written again, with the same
/// RowId and a higher Revision, when a late record corrects it; a first pass keeps the highest revision of the rows that
/// were corrected (only those: memory grows with corrections, not with the file), the second yields each row once, at
/// its last revision, so no window is counted twice.
/// </summary>
internal static class MetricsFile
{
    public static IEnumerable<MetricRow> ReadFinal(string path, ReportInputs inputs)
    {
        var corrected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in JsonlFile.Read(path, new ReportInputs()))
        {
            var revision = e.Num("Revision");
            if (revision > 0)
            {
                var id = e.Str("RowId");
                corrected[id] = Math.Max(corrected.GetValueOrDefault(id), (int)revision);
            }
        }

        foreach (var e in JsonlFile.Read(path, inputs))
        {
            if (Parse(e) is not { } row)
            {
                inputs.AddBadLine(Path.GetFileName(path), -1);
                continue;
            }

            if (row.Revision == corrected.GetValueOrDefault(row.RowId))
            {
                yield return row;
            }
        }
    }

    /// <summary>The row, or null when it lacks a metric name or a window.</summary>
    public static MetricRow? Parse(JsonElement e)
    {
        var metric = e.Str("Metric");
        var start = e.Time("WindowStart");
        var end = e.Time("WindowEnd");
        if (metric.Length == 0 || start < 0)
        {
            return null;
        }

        var revision = e.Num("Revision");
        return new MetricRow
        {
            WindowStartMs = start,
            WindowEndMs = end < start ? start : end,
            Metric = metric,
            Source = e.Str("Source"),
            Deployment = e.Str("Deployment"),
            ModelVersion = e.Str("ModelVersion"),
            Resource = e.Str("Resource"),
            Host = e.Str("Host"),
            Gpu = e.Str("Gpu"),
            RowId = e.Str("RowId"),
            Team = e.Str("Team"),
            Project = e.Str("Project"),
            Revision = double.IsFinite(revision) ? (int)revision : 0,
            OtherDims = e.Str("OtherDims"),
            Count = e.Num("Count"),
            Sum = e.Num("Sum"),
            Mean = e.Num("Mean"),
            Min = e.Num("Min"),
            Max = e.Num("Max"),
            P50 = e.Num("P50"),
            P95 = e.Num("P95"),
            P99 = e.Num("P99"),
            Rate = e.Num("Rate"),
            Share = e.Num("Share"),
        };
    }
}
