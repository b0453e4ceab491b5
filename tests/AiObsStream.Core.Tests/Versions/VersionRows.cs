using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Versions;

/// <summary>Builds the on-time rows of one window for one (deployment, version): requests, latency with a sketch, 429s.</summary>
internal static class VersionRows
{
    public const long WindowMs = 60_000;

    public static SeriesDims Dims(string version, string deployment = "chat") =>
        DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", version, "ChatCompletions_Create", "", "", ""));

    /// <summary>Rows of <paramref name="requests"/> requests with log-normal latency around <paramref name="medianMs"/>.</summary>
    public static List<MetricRow> Window(int minute, string version, int requests, double medianMs, int seed, int http429 = 0)
    {
        var random = new Random(seed);
        var sketch = new DDSketch();
        for (var i = 0; i < requests - http429; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            sketch.Add(medianMs * Math.Exp(0.4 * z));
        }

        var start = minute * WindowMs;
        return
        [
            Row(start, MetricNames.Requests, version, requests, requests, null),
            Row(start, MetricNames.LatencyMs, version, sketch.Count, sketch.Sum, sketch),
            Row(start, MetricNames.Http429, version, http429, http429, null),
        ];
    }

    private static MetricRow Row(long start, string metric, string version, long count, double sum, DDSketch? sketch) => new()
    {
        WindowStartMs = start,
        WindowEndMs = start + WindowMs,
        Metric = metric,
        Dims = Dims(version),
        ModelVersion = version,
        Count = count,
        Sum = sum,
        Min = double.NaN,
        Max = double.NaN,
        Mean = count > 0 ? sum / count : double.NaN,
        Sketch = sketch,
        Kind = RowKind.OnTime,
    };
}
