using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Rules;

/// <summary>Builds alert events for a series row: the one place that copies a row's dimensions into an alert.</summary>
internal static class AlertFactory
{
    /// <summary>The series in words for summaries: deployment, version, source, operation, host, GPU (non-empty parts).</summary>
    public static string Where(MetricRow row)
    {
        var d = row.Dims;
        var where = string.Join(' ', new[] { d.Deployment, row.ModelVersion, d.Source.ToString(), d.Operation, d.Host, d.Gpu, d.OtherDims }
            .Where(s => !string.IsNullOrEmpty(s)));

        // Ingestion health is per input: name it, or two inputs of one source read the same ("for DCGM").
        return row.Metric.StartsWith("ingest_", StringComparison.Ordinal) && d.Resource.Length > 0
            ? where + " input " + d.Resource
            : where;
    }

    /// <summary>An alert state change for the series of <paramref name="row"/>.</summary>
    public static AlertEvent Create(MetricRow row, string alertId, string rule, string metric, Statistic statistic,
        Severity severity, AlertStatus status, (long Generated, long StartsAt, long? EndsAt) times, double value,
        double threshold, string summary)
    {
        var d = row.Dims;
        return new AlertEvent
        {
            AlertId = alertId,
            Rule = rule,
            Severity = severity,
            Status = status,
            TimeGeneratedMs = times.Generated,
            StartsAtMs = times.StartsAt,
            EndsAtMs = times.EndsAt,
            Value = value,
            Threshold = threshold,
            Metric = metric,
            Statistic = statistic,
            Source = d.Source.ToString(),
            Deployment = d.Deployment,
            ModelName = d.ModelName,
            ModelVersion = row.ModelVersion,
            Operation = d.Operation,
            Host = d.Host,
            Gpu = d.Gpu,
            OtherDims = d.OtherDims,
            Summary = summary,
        };
    }
}
