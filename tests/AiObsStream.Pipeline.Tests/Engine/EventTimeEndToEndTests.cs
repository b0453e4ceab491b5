using System.Text.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

public class EventTimeEndToEndTests
{
    private static string Aoai(string time, string id, int latency = 500, string status = "200") =>
        $$"""{"records":[{"category":"RequestResponse","correlationId":"{{id}}","durationMs":{{latency}},"operationName":"ChatCompletions_Create","properties":{"modelDeploymentName":"chat","modelName":"gpt-4o","modelVersion":"v1"},"resourceId":"/R","resultSignature":"{{status}}","time":"{{time}}"}]}""";

    private static Task<(string Dir, RunSummary Summary)> Run(params string[][] files) => Run(MetricsEmitPolicy.Final, files);

    private static async Task<(string Dir, RunSummary Summary)> Run(MetricsEmitPolicy emit, params string[][] files)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var paths = files.Select((lines, i) =>
        {
            var p = Path.Combine(dir, $"in{i}.jsonl");
            File.WriteAllLines(p, lines);
            return p;
        }).ToList();
        var outDir = Path.Combine(dir, "out");
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            // One unit per batch: windows fire between records, as in a live stream (batching only delays firing).
            // maxAhead 10 min, confirmAhead 1: these tests jump a few minutes ahead and watch windows fire record by
            // record to exercise lateness; the ahead guard (which holds an input's first records) has its own tests.
            var options = new EngineOptions
            {
                Partitions = 2,
                MetricsEmit = emit,
                Input = new InputOptions { BatchUnits = 1 },
                EventTime = Core.Windows.EventTimeOptions.Default with { MaxAhead = TimeSpan.FromMinutes(10), ConfirmAhead = 1 },
            };
            summary = await new StreamEngine(options).RunAsync(paths, sink, CancellationToken.None);
        }

        return (outDir, summary);
    }

    private static List<JsonElement> Read(string dir, string file) =>
        File.ReadLines(Path.Combine(dir, file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task Record_LaterThanAllowedLateness_DeadLetteredAsLate_OthersKept()
    {
        var (dir, summary) = await Run([
            Aoai("2026-11-22T10:00:05.0000000Z", "a"),
            Aoai("2026-11-22T10:08:00.0000000Z", "b"),
            Aoai("2026-11-22T10:00:30.0000000Z", "late"),   // window [10:00,10:01) closed at 10:06 + 10 s disorder
            Aoai("2026-11-22T10:05:10.0000000Z", "ok-late") // within lateness: counted
        ]);
        var dead = Read(dir, "deadletter.jsonl");
        var late = Assert.Single(dead);
        Assert.Equal("late", late.GetProperty("Reason").GetString());
        Assert.Equal(3, late.GetProperty("Position").GetInt64());
        Assert.Contains("too late", late.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var requests = Read(dir, "metrics.jsonl").Where(r => r.GetProperty("Metric").GetString() == "requests").ToList();
        Assert.Equal(3, requests.Sum(r => r.GetProperty("Count").GetInt64()));
        Assert.Equal(1, summary.Inputs[0].RejectedByReason[3]);
    }

    [Fact]
    public async Task LateWithinLateness_UpdatesMode_EmitsCorrectedRowWithSameRowId()
    {
        var (dir, _) = await Run(MetricsEmitPolicy.Updates, [
            Aoai("2026-11-22T10:00:05.0000000Z", "a"),
            Aoai("2026-11-22T10:02:30.0000000Z", "b"),        // watermark passes 10:01 + 10 s: window 10:00 fires
            Aoai("2026-11-22T10:00:40.0000000Z", "late", 900), // 2 minutes late: updates the fired window
            Aoai("2026-11-22T10:03:30.0000000Z", "c"),
        ]);
        var rows = Read(dir, "metrics.jsonl")
            .Where(r => r.GetProperty("Metric").GetString() == "requests" && r.GetProperty("WindowStart").GetString()!.StartsWith("2026-11-22T10:00", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((0, 1L), (rows[0].GetProperty("Revision").GetInt32(), rows[0].GetProperty("Count").GetInt64()));
        Assert.Equal((1, 2L), (rows[1].GetProperty("Revision").GetInt32(), rows[1].GetProperty("Count").GetInt64()));
        Assert.Equal(rows[0].GetProperty("RowId").GetString(), rows[1].GetProperty("RowId").GetString());
        Assert.Empty(Read(dir, "deadletter.jsonl"));
    }

    [Fact]
    public async Task Inputs_WithDifferentPaces_AreAlignedByEventTime_NothingLate()
    {
        // One input holds 10 minutes, the other starts late in file order but is on time in event time.
        var first = Enumerable.Range(0, 600).Select(i => Aoai($"2026-11-22T10:{i / 60:00}:{i % 60:00}.0000000Z", "a" + i)).ToArray();
        var second = Enumerable.Range(0, 600).Select(i => Aoai($"2026-11-22T10:{i / 60:00}:{i % 60:00}.5000000Z", "b" + i)).ToArray();
        var (dir, summary) = await Run(first, second);
        Assert.Empty(Read(dir, "deadletter.jsonl"));
        Assert.Equal(1200, Read(dir, "metrics.jsonl").Where(r => r.GetProperty("Metric").GetString() == "requests").Sum(r => r.GetProperty("Count").GetInt64()));
        Assert.Equal(0, summary.Duplicates);
    }

    [Fact]
    public async Task PlatformMetricsAndAudit_BecomeRows()
    {
        var (dir, _) = await Run([
            """{"records":[{"count":37,"total":52814,"minimum":212,"maximum":4096,"average":1427.4,"resourceId":"/R","time":"2026-11-22T10:41:00.0000000Z","metricName":"ProcessedPromptTokens","timeGrain":"PT1M"}]}""",
            """{"records":[{"category":"Audit","operationName":"ListKey","correlationId":"x","properties":{"objectId":"o"},"resourceId":"/R","time":"2026-11-22T10:41:30.0000000Z"}]}""",
        ]);
        var rows = Read(dir, "metrics.jsonl");
        var tokens = Assert.Single(rows, r => r.GetProperty("Metric").GetString() == "ProcessedPromptTokens");
        Assert.Equal(("AzureMetrics", 37L, 52814.0), (tokens.GetProperty("Source").GetString(), tokens.GetProperty("Count").GetInt64(), tokens.GetProperty("Sum").GetDouble()));
        Assert.False(tokens.TryGetProperty("P95", out _)); // pre-aggregated: no percentiles invented
        Assert.Single(rows, r => r.GetProperty("Metric").GetString() == "audit_events");
    }

    [Fact]
    public async Task UnreadableAndUnknownInputs_ReportedAndRunContinues()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var good = Path.Combine(dir, "good.jsonl");
        File.WriteAllLines(good, [Aoai("2026-11-22T10:00:05.0000000Z", "a")]);
        var binary = Path.Combine(dir, "junk.bin");
        File.WriteAllBytes(binary, [0x00, 0xff, 0x13, 0x37]);
        var corrupt = Path.Combine(dir, "broken.jsonl.gz");
        File.WriteAllBytes(corrupt, [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff]); // invalid deflate block type
        var empty = Path.Combine(dir, "empty.jsonl");
        File.WriteAllBytes(empty, []);
        await using var sink = new JsonlDirectorySink(Path.Combine(dir, "out"));
        var summary = await new StreamEngine(new EngineOptions()).RunAsync([good, binary, corrupt, empty], sink, CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(1, summary.Events);
        Assert.Equal(2, summary.DeadLetters);
        Assert.NotNull(summary.Inputs[2].Failure);
    }
}
