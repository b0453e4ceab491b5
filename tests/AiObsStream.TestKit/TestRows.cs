using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.TestKit;

/// <summary>Builds distinct metric rows and alert events.</summary>
public static class TestRows
{
    private const long Start = 1_795_000_000_000;

    public static List<MetricRow> Metrics(int count, int offset = 0)
    {
        var rows = new List<MetricRow>(count);
        for (var i = offset; i < offset + count; i++)
        {
            var dims = new SeriesDims(TelemetrySource.DCGM, "gpt-4o-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create",
                "/subscriptions/x/aoai", "aks-gpunp-" + (i % 7).ToString(CultureInfo.InvariantCulture), "GPU-" + (i % 8).ToString(CultureInfo.InvariantCulture));
            rows.Add(new MetricRow
            {
                WindowStartMs = Start + i * 60_000L,
                WindowEndMs = Start + (i + 1) * 60_000L,
                Metric = "DCGM_FI_DEV_GPU_UTIL",
                Dims = dims,
                ModelVersion = "2024-08-06",
                Count = 4,
                Sum = 300 + i,
                Min = 60,
                Max = 95,
                Mean = 75 + (i % 10),
                P50 = 74,
                P90 = 90,
                P95 = 93,
                P99 = 95,
            });
        }

        return rows;
    }

    public static List<AlertEvent> Alerts(int count)
    {
        var alerts = new List<AlertEvent>(count);
        for (var i = 0; i < count; i++)
        {
            alerts.Add(new AlertEvent
            {
                AlertId = "alert-" + i.ToString(CultureInfo.InvariantCulture),
                Rule = "gpu-util-high",
                Severity = Severity.Warning,
                Status = AlertStatus.Firing,
                TimeGeneratedMs = Start + i * 60_000L,
                StartsAtMs = Start + i * 60_000L,
                Value = 97,
                Threshold = 95,
                Metric = "DCGM_FI_DEV_GPU_UTIL",
                Statistic = Statistic.Mean,
                Source = "Dcgm",
                Deployment = "gpt-4o-prod",
                ModelName = "gpt-4o",
                ModelVersion = "2024-08-06",
                Operation = string.Empty,
                Host = "aks-gpunp-0",
                Gpu = "GPU-0",
                Summary = "GPU utilisation above 95%",
            });
        }

        return alerts;
    }

    public static HashSet<string> Ids(IEnumerable<MetricRow> rows)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            ids.Add(r.RowId.ToString("x16", CultureInfo.InvariantCulture));
        }

        return ids;
    }
}
