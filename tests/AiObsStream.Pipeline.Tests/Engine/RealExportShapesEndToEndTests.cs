using System.Text.Json;
using AiObsStream.Formats.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Issue #10 §2, §4 and §7 through the whole engine: AllMetrics points that differ by a dimension are counted apart,
/// an App Insights export's unused tables are counted as skipped by table (not dead letters), and a body with an
/// invalid UTF-8 byte loses only its record, not the rest of the input.
/// </summary>
public class RealExportShapesEndToEndTests
{
    private const string Storage = "/SUBSCRIPTIONS/69349ACF-2A6C-409D-A925-96BA0C5F099F/RESOURCEGROUPS/RG-DATA/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/OBSDATA01";

    private static string Availability(int count, string api) =>
        $$"""{"records":[{"count":{{count}},"total":{{count * 100}},"minimum":100,"maximum":100,"resourceId":"{{Storage}}","time":"2023-12-12T12:11:00.0000000Z","metricName":"Availability","timeGrain":"PT1M","ApiName":"{{api}}","Authentication":"AccountKey","GeoType":"Primary","average":100}]}""";

    private static string AppInsights(string time) =>
        ("{\"records\":["
        + """{"time":"TIME","resourceId":"/AI","Type":"AppTraces","Message":"Request finished","SeverityLevel":1,"OperationId":"o1","Properties":{"CategoryName":"Host"}},"""
        + """{"time":"TIME","resourceId":"/AI","Type":"AppPerformanceCounters","Category":"Processor","Counter":"% Processor Time","Name":"% Processor Time","Value":12.5},"""
        + """{"time":"TIME","resourceId":"/AI","Type":"AppMetrics","Name":"gen_ai.client.token.usage","Sum":52,"ItemCount":3},"""
        + """{"time":"TIME","resourceId":"/AI","Type":"AppExceptions","OperationName":"POST /chat","OperationId":"o1","ProblemId":"System.TimeoutException","ExceptionType":"System.TimeoutException"}"""
        + "]}").Replace("TIME", time, StringComparison.Ordinal);

    private static async Task<(string Dir, RunSummary Summary)> Run(params byte[][] files)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-shapes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var paths = files.Select((bytes, i) =>
        {
            var p = Path.Combine(dir, $"in{i}.jsonl");
            File.WriteAllBytes(p, bytes);
            return p;
        }).ToList();
        var outDir = Path.Combine(dir, "out");
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            summary = await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync(paths, sink, CancellationToken.None);
        }

        return (outDir, summary);
    }

    private static byte[] Lines(params string[] lines) => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static List<JsonElement> Read(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList() : [];
    }

    [Fact]
    public async Task AllMetricsDimensions_CountedPerDimension()
    {
        var (dir, summary) = await Run(Lines(Availability(5, "RenewBlobLease"), Availability(10, "SetBlobMetadata")));

        var rows = Read(dir, "metrics.jsonl").Where(r => r.GetProperty("Metric").GetString() == "Availability").ToList();
        Assert.Equal(15, rows.Sum(r => r.GetProperty("Count").GetInt64())); // 5 before the fix
        Assert.Equal(["RenewBlobLease", "SetBlobMetadata"], rows.Select(r => r.GetProperty("Operation").GetString()).Order());
        Assert.All(rows, r => Assert.Equal("Authentication=AccountKey;GeoType=Primary", r.GetProperty("OtherDims").GetString()));
        Assert.Empty(Read(dir, "deadletter.jsonl"));
        Assert.Equal(0, summary.Duplicates);
    }

    [Fact]
    public async Task AppInsightsExport_UnusedTablesSkippedByTable_ExceptionsCounted()
    {
        var (dir, summary) = await Run(Lines(AppInsights("2026-11-22T10:41:03Z"), AppInsights("2026-11-22T10:41:04Z")));

        Assert.Empty(Read(dir, "deadletter.jsonl"));
        var input = Assert.Single(summary.Inputs);
        Assert.Equal(0, input.RejectedByReason.Sum());
        Assert.Equal("2 AppTraces, 2 AppMetrics, 2 AppPerformanceCounters", SkippedTables.Describe(input.SkippedByTable));
        var exceptions = Read(dir, "metrics.jsonl").Single(r => r.GetProperty("Metric").GetString() == "exceptions");
        Assert.Equal(2, exceptions.GetProperty("Count").GetInt64());
        Assert.Equal("POST /chat", exceptions.GetProperty("Operation").GetString());
    }

    [Fact]
    public async Task InvalidUtf8InOneBody_LaterBodiesStillCounted()
    {
        // Issue #10 §7: one bad byte used to end the whole input (InvalidOperationException), losing every later body.
        var bad = System.Text.Encoding.UTF8.GetBytes(Availability(5, "RenewBlobLease").Replace("RenewBlobLease", "Renew\\u0042lobLease", StringComparison.Ordinal));
        var at = Array.IndexOf(bad, (byte)'\\');
        bad = [.. bad[..at], 0xFF, .. bad[at..]];
        var file = (byte[])[.. bad, (byte)'\n', .. Lines(Availability(10, "SetBlobMetadata"), Availability(7, "GetBlob"))];

        var (dir, summary) = await Run(file);

        var input = Assert.Single(summary.Inputs);
        Assert.Null(input.Failure);
        Assert.Equal(1, input.RejectedByReason.Sum());
        var dead = Assert.Single(Read(dir, "deadletter.jsonl"));
        Assert.StartsWith("records[0]: invalid UTF-8 at byte ", dead.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var rows = Read(dir, "metrics.jsonl").Where(r => r.GetProperty("Metric").GetString() == "Availability").ToList();
        Assert.Equal(17, rows.Sum(r => r.GetProperty("Count").GetInt64()));
    }
}
