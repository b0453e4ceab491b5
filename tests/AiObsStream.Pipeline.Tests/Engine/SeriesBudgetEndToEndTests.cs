using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// The cardinality budget through the engine (<see cref="EngineOptions.MaxActiveSeries"/>): records that would open a
/// series beyond it are dead-lettered as series_budget and counted; the series already active are unaffected.
/// </summary>
[Collection(SerialTests.Name)]
public class SeriesBudgetEndToEndTests
{
    private static readonly DateTime Start = new(2025, 6, 2, 8, 0, 0, DateTimeKind.Utc);

    private sealed record Result(RunSummary Summary, List<JsonElement> Rows, List<JsonElement> Dead);

    private static async Task<Result> RunAsync(List<string> lines, int? maxSeries, int partitions = 2)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-budget-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, lines[0].StartsWith('#') || lines[0].StartsWith("DCGM", StringComparison.Ordinal) ? "in.prom" : "in.jsonl");
            File.WriteAllLines(path, lines);
            var outDir = Path.Combine(dir, "out");
            var options = new EngineOptions { Partitions = partitions };
            if (maxSeries is { } max)
            {
                options = options with { MaxActiveSeries = max };
            }

            RunSummary summary;
            await using (var sink = new JsonlDirectorySink(outDir))
            {
                summary = await new StreamEngine(options).RunAsync([path], sink, CancellationToken.None);
            }

            return new Result(summary, Read(outDir, "metrics.jsonl"), Read(outDir, "deadletter.jsonl"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<JsonElement> Read(string dir, string file) =>
        File.ReadLines(Path.Combine(dir, file)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>A dead letter without its input path (each run writes its input in its own folder).</summary>
    private static string WithoutInput(JsonElement d) =>
        string.Join(",", d.EnumerateObject().Where(p => p.Name != "Input").Select(p => p.ToString()));

    private static List<string> GpuRows(Result r) => r.Rows
        .Where(x => Str(x, "Source") == "DCGM" && Str(x, "Gpu").Length > 0)
        .Select(x => x.GetRawText()).ToList();

    [Fact]
    public async Task Replay_MoreGpusThanBudget_NewSeriesDeadLetteredExistingUnaffected()
    {
        var lines = ReplayCaptures.Dcgm(Start, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(15), gpus: 4);
        var open = await RunAsync(lines, maxSeries: null);
        var budgeted = await RunAsync(lines, maxSeries: 2);

        // GPUs 0 and 1 come first in every scrape: they hold the budget; every sample of GPUs 2 and 3 is refused.
        var samplesPerGpu = 4 * 40; // 4 fields x 40 scrapes
        Assert.Equal(2 * samplesPerGpu, budgeted.Dead.Count);
        Assert.All(budgeted.Dead, d =>
        {
            Assert.Equal("series_budget", Str(d, "Reason"));
            var message = Str(d, "Message");
            Assert.Contains("2 active series", message, StringComparison.Ordinal);
            Assert.Contains("limits.maxActiveSeries", message, StringComparison.Ordinal);
            Assert.Contains("--max-series", message, StringComparison.Ordinal);
        });
        Assert.Equal(2 * samplesPerGpu, budgeted.Summary.Inputs[0].RejectedByReason[(int)RejectReason.SeriesBudget]);
        Assert.Equal(0, open.Summary.Inputs[0].RejectedByReason[(int)RejectReason.SeriesBudget]);

        // The admitted GPUs' rows are exactly those of the run without a budget.
        var admittedGpus = budgeted.Rows.Where(x => Str(x, "Source") == "DCGM" && Str(x, "Gpu").Length > 0)
            .Select(x => Str(x, "Gpu")).Distinct().ToList();
        Assert.Equal(2, admittedGpus.Count);
        Assert.Equal(
            open.Rows.Where(x => Str(x, "Source") == "DCGM" && admittedGpus.Contains(Str(x, "Gpu"))).Select(x => x.GetRawText()),
            GpuRows(budgeted));
    }

    [Fact]
    public async Task Replay_BudgetHit_SameDeadLettersAndRowsAtAnyPartitionCount()
    {
        var lines = ReplayCaptures.Dcgm(Start, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(15), gpus: 5);
        var one = await RunAsync(lines, maxSeries: 3, partitions: 1);
        var three = await RunAsync(lines, maxSeries: 3, partitions: 3);

        Assert.Equal(2 * 4 * 20, one.Dead.Count);
        Assert.Equal(one.Dead.Select(WithoutInput), three.Dead.Select(WithoutInput));
        Assert.Equal(GpuRows(one), GpuRows(three));
    }

    [Fact]
    public async Task Replay_SeriesWindowsClosed_BudgetFreedForTheNextSeries()
    {
        // Deployment a for 5 minutes, then b from minute 20: a's last window closed (end + 5 min lateness) before b.
        var lines = ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3), deployment: "a")
            .Concat(ReplayCaptures.AzureOpenAi(Start.AddMinutes(20), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3), deployment: "b"))
            .ToList();

        var r = await RunAsync(lines, maxSeries: 1);

        Assert.Empty(r.Dead);
        Assert.Equal(100, r.Rows.Where(x => Str(x, "Metric") == "requests" && Str(x, "Deployment") == "a").Sum(x => x.GetProperty("Count").GetInt64()));
        Assert.Equal(100, r.Rows.Where(x => Str(x, "Metric") == "requests" && Str(x, "Deployment") == "b").Sum(x => x.GetProperty("Count").GetInt64()));
    }

    [Fact]
    public async Task Replay_SecondSeriesWhileFirstStillOpen_DeadLetteredFirstComplete()
    {
        var lines = ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3), deployment: "a")
            .Concat(ReplayCaptures.AzureOpenAi(Start.AddMinutes(5), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(3), deployment: "b"))
            .ToList();

        var r = await RunAsync(lines, maxSeries: 1);

        Assert.Equal(40, r.Dead.Count);
        Assert.All(r.Dead, d => Assert.Equal("series_budget", Str(d, "Reason")));
        Assert.Equal(100, r.Rows.Where(x => Str(x, "Metric") == "requests" && Str(x, "Deployment") == "a").Sum(x => x.GetProperty("Count").GetInt64()));
        Assert.DoesNotContain(r.Rows, x => Str(x, "Deployment") == "b");
    }
}
