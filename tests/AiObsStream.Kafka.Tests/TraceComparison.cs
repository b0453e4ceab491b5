using System.Text.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

/// <summary>Runs the file-mode engine over a committed trace and compares metric files by row identity.</summary>
internal static partial class TraceComparison
{
    /// <summary>Produces every message of the trace to topics aoai / deps / dcgm (in file order).</summary>
    public static async Task ProduceTraceAsync(string bootstrap, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages,
        Func<string, int, bool>? include = null)
    {
        foreach (var (topic, list) in messages)
        {
            var selected = list.Where((_, i) => include?.Invoke(topic, i) ?? true).Select(m => new TopicMessage(null, m)).ToList();
            await TopicClient.ProduceAsync(bootstrap, topic, selected);
        }
    }

    /// <summary>Runs file mode over the trace's three gz files into <paramref name="outDir"/>.</summary>
    public static async Task RunFileModeAsync(string trace, string outDir, int partitions)
    {
        string[] files =
        [
            TestData.Path(trace, "aoai-diagnostics.jsonl.gz"),
            TestData.Path(trace, "appinsights-dependencies.jsonl.gz"),
            TestData.Path(trace, "dcgm.prom.gz"),
        ];
        await using var sink = new JsonlDirectorySink(outDir);
        await new StreamEngine(new EngineOptions { Partitions = partitions }).RunAsync(files, sink, CancellationToken.None);
    }

    /// <summary>Final metric rows keyed by metric + window + dimensions (ingestion-health rows excluded: they describe the transport).</summary>
    public static SortedDictionary<string, string> FinalRows(string metricsPath)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(metricsPath))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var metric = r.GetProperty("Metric").GetString()!;
            if (metric.StartsWith("ingest_", StringComparison.Ordinal))
            {
                continue;
            }

            var key = string.Join('|', metric, Text(r, "WindowStart"), Text(r, "Source"), Text(r, "Deployment"),
                Text(r, "ModelVersion"), Text(r, "Operation"), Text(r, "Host"), Text(r, "Gpu"));
            // The revision counts corrections, which depend on how records were spread over time (a live topic versus a
            // file): the final values must be equal, the number of intermediate corrections need not.
            rows[key] = RevisionField().Replace(line, string.Empty);
        }

        return rows;
    }

    /// <summary>Asserts both sets of final rows are equal, naming the first row that differs.</summary>
    public static void AssertSameRows(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var missing = expected.Keys.Except(actual.Keys).Take(3).ToList();
        var extra = actual.Keys.Except(expected.Keys).Take(3).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"rows missing: {string.Join("; ", missing)}; extra: {string.Join("; ", extra)}");
        var differing = expected.Where(e => actual[e.Key] != e.Value).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {expected.Count} rows differ; first:\n{differing.FirstOrDefault().Value}\n{(differing.Count > 0 ? actual[differing[0].Key] : "")}");
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"Revision\":\\d+,")]
    private static partial System.Text.RegularExpressions.Regex RevisionField();

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : string.Empty;
}
