using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Ingestion health in replay (issue #10 §1): rows and memory bounded by data whatever the span of event time between
/// inputs, no silence where an input's own stream has no gap, a real gap still reported.
/// </summary>
[Collection(SerialTests.Name)] // measures allocations: nothing else may run in the process meanwhile
public class IngestionHealthReplayTests
{
    internal sealed record Result(RunSummary Summary, List<JsonElement> Rows, List<JsonElement> Alerts, List<JsonElement> Dead, long AllocatedBytes);

    internal static async Task<Result> RunAsync(IReadOnlyList<(string Name, List<string> Lines, DateTime? Mtime)> inputs, int partitions = 2,
        int batchUnits = 64)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var paths = new List<string>();
        foreach (var (name, lines, mtime) in inputs)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllLines(path, lines);
            if (mtime is { } m)
            {
                File.SetLastWriteTimeUtc(path, m);
            }

            paths.Add(path);
        }

        var outDir = Path.Combine(dir, "out");
        RunSummary summary;
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            var options = new EngineOptions { Partitions = partitions, Input = new AiObsStream.Pipeline.Inputs.InputOptions { BatchUnits = batchUnits } };
            summary = await new StreamEngine(options).RunAsync(paths, sink, CancellationToken.None);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return new Result(summary, Read(outDir, "metrics.jsonl"), Read(outDir, "alerts.jsonl"), Read(outDir, "deadletter.jsonl"), allocated);
    }

    private static List<JsonElement> Read(string dir, string file) =>
        File.ReadLines(Path.Combine(dir, file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static string Rule(JsonElement alert) => alert.GetProperty("Rule").GetString()!;

    private static List<JsonElement> IngestionAlerts(Result r) => r.Alerts.Where(a => Rule(a).StartsWith("ingestion", StringComparison.Ordinal)).ToList();

    private static long CountOf(Result r, string metric) =>
        r.Rows.Where(x => x.GetProperty("Metric").GetString() == metric).Sum(x => x.GetProperty("Count").GetInt64());

    private static readonly DateTime March = new(2024, 3, 11, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime September = new(2024, 9, 16, 14, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // samples without timestamps take the file's modification time (September)
    public async Task Replay_InputsMonthsApart_RowsAndMemoryBoundedByDataNoIngestionAlert(bool dcgmTimestamps)
    {
        var aoai = ReplayCaptures.AzureOpenAi(March, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(2));
        var dcgm = ReplayCaptures.Dcgm(September, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(15), dcgmTimestamps);
        var alone = await RunAsync([("aoai.jsonl", aoai, null)]);
        var gpu = await RunAsync([("dcgm.prom", dcgm, September.AddMinutes(30))]);

        var both = await RunAsync([("aoai.jsonl", aoai, null), ("dcgm.prom", dcgm, September.AddMinutes(30))]);

        // Rows: exactly what each input gives alone (proportional to data, nothing for the six months between them).
        Assert.Equal(alone.Rows.Count + gpu.Rows.Count, both.Rows.Count);
        Assert.InRange(both.Rows.Count, 1, 3_000);
        Assert.Empty(IngestionAlerts(both));
        Assert.Empty(both.Dead);
        Assert.Equal(900, CountOf(both, "requests"));
        Assert.Equal(900, CountOf(both, "ingest_records") - CountOf(gpu, "ingest_records"));

        // Memory: no more than the two inputs alone (plus slack), far from the span-driven growth (GBs) it had.
        Assert.True(both.AllocatedBytes < (alone.AllocatedBytes + gpu.AllocatedBytes) * 2 + (64L << 20),
            $"allocated {both.AllocatedBytes >> 20} MiB for both vs {alone.AllocatedBytes >> 20} + {gpu.AllocatedBytes >> 20} MiB alone");
    }

    [Fact]
    public async Task Replay_InputsTenMinutesApart_NoIngestionAlert()
    {
        var first = ReplayCaptures.AzureOpenAi(March, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5), deployment: "chat-a");
        var second = ReplayCaptures.AzureOpenAi(March.AddMinutes(30), TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5), deployment: "chat-b");

        var r = await RunAsync([("a.jsonl", first, null), ("b.jsonl", second, null)]);

        Assert.Empty(IngestionAlerts(r));
        Assert.DoesNotContain(r.Rows, x => x.GetProperty("Metric").GetString() == "ingest_records" && x.GetProperty("Count").GetInt64() == 0);
    }

    [Theory]
    [InlineData(1)] // every body its own batch
    [InlineData(7)]
    [InlineData(64)] // the default
    public async Task Replay_HealthySixHourAppInsightsTraceInBodiesOf40_ZeroIngestionAlertsWhateverTheBatching(int batchUnits)
    {
        // One evaluation every 10 s: a body of 40 spans ~7 minutes of event time and a batch of 64 bodies 7 hours, so
        // counting by arrival (the batch) left long holes; counted by event time, every minute has its 6 records.
        var traces = ReplayCaptures.AppInsightsEvaluations(March, TimeSpan.FromHours(6), TimeSpan.FromSeconds(10), perBody: 40);

        var r = await RunAsync([("appinsights.jsonl", traces, null)], batchUnits: batchUnits);

        Assert.Empty(IngestionAlerts(r));
        Assert.Equal(2160, CountOf(r, "ingest_records"));
        Assert.All(r.Rows.Where(x => x.GetProperty("Metric").GetString() == "ingest_records"),
            x => Assert.Equal(6, x.GetProperty("Count").GetInt64()));
    }

    [Fact]
    public async Task Replay_ExportWithThreeHourGap_NothingLostSilenceReportedOnceWithBoundedRows()
    {
        var before = ReplayCaptures.AzureOpenAi(March, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5));
        var after = ReplayCaptures.AzureOpenAi(March.AddHours(3), TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5));

        var r = await RunAsync([("gap.jsonl", [.. before, .. after], null)]);

        Assert.Empty(r.Dead); // the jump is confirmed by the records after it: nothing is "too far ahead" or late
        Assert.Equal(480, CountOf(r, "requests"));
        var silence = r.Alerts.Where(a => Rule(a) == "ingestion-silence").ToList();
        Assert.Equal(["Firing", "Resolved"], silence.Select(a => a.GetProperty("Status").GetString()));
        var startsAt = DateTime.Parse(silence[0].GetProperty("StartsAt").GetString()!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal);
        Assert.Equal(March.AddMinutes(20), startsAt);
        var zeros = r.Rows.Count(x => x.GetProperty("Metric").GetString() == "ingest_records" && x.GetProperty("Count").GetInt64() == 0);
        Assert.Equal(5, zeros); // the rule's sustain, not 160 minutes of empty windows
    }

    [Fact]
    public async Task Replay_SimulatedIngestionGap_SilenceFiresForTheAzureOpenAiInputInsideTheGap()
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-gap-" + Guid.NewGuid().ToString("N"));
        var result = TrafficSimulator.Generate(new SimulationOptions
        {
            Minutes = 30, Seed = 7, RateScale = 0.5, Incidents = [new IncidentSpec(IncidentKind.IngestionGap, 10)],
        });
        var inputs = SimulationWriter.WriteAll(Path.Combine(root, "in"), result);
        var outDir = Path.Combine(root, "out");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync(inputs, sink, CancellationToken.None);
        }

        var gap = result.Truth.Incidents[0];
        var firing = Read(outDir, "alerts.jsonl").Where(a => Rule(a) == "ingestion-silence" && a.GetProperty("Status").GetString() == "Firing").ToList();
        var alert = Assert.Single(firing);
        var startsAt = DateTimeOffset.Parse(alert.GetProperty("StartsAt").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.InRange(startsAt, gap.StartUnixMs - 60_000, gap.EndUnixMs);
        Assert.Equal("AzureOpenAI", alert.GetProperty("Source").GetString());
    }
}

/// <summary>Tests that measure process-wide figures (allocations) and must not run beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "serial";
}
