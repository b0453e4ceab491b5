using System.Diagnostics;
using System.Text.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Engine;

[Trait("Category", "Integration")]
public class TraceReplayTests
{
    private static async Task<(string Dir, RunSummary Summary)> RunAsync(string trace, int partitions = 2, string[]? inputs = null)
    {
        var outDir = Path.Combine(Path.GetTempPath(), "aiobs-out-" + Guid.NewGuid().ToString("N"));
        var engine = new StreamEngine(new EngineOptions { Partitions = partitions });
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            summary = await engine.RunAsync(inputs ?? TraceFiles.CheckerInputs(trace), sink, CancellationToken.None);
        }

        return (outDir, summary);
    }

    private static (int Exit, string Output) Check(string trace, string outDir)
    {
        var psi = new ProcessStartInfo("python3", [TestData.Path("trace_check.py"), TraceFiles.Folder(trace), outDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, text);
    }

    [Theory]
    [InlineData("h100-trace-a")]
    [InlineData("h100-trace-a-dirty")]
    public async Task Replay_Trace_PassesTraceCheck(string trace)
    {
        var (dir, _) = await RunAsync(trace);
        var (exit, output) = Check(trace, dir);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Replay_Clean_SummedRequestsEqualDistinctRequests()
    {
        var (dir, summary) = await RunAsync("h100-trace-a");
        var requests = File.ReadLines(Path.Combine(dir, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("Metric").GetString() == "requests" && r.GetProperty("Source").GetString() == "AzureOpenAI")
            .Sum(r => r.GetProperty("Count").GetInt64());
        Assert.Equal(5013, requests);
        Assert.Equal(0, summary.Duplicates);
    }

    [Fact]
    public async Task Replay_Dirty_DuplicatesCountedOnceAndEveryMalformedBodyDeadLettered()
    {
        var (dir, summary) = await RunAsync("h100-trace-a-dirty");
        Assert.True(summary.Duplicates > 0);
        var dead = File.ReadLines(Path.Combine(dir, "deadletter.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(10, dead.Count(d => d.GetProperty("Reason").GetString() is "malformed" or "unknown_shape"));
        Assert.All(dead, d => Assert.False(string.IsNullOrEmpty(d.GetProperty("Message").GetString())));
    }

    [Fact]
    public async Task Replay_TwiceAndWithOtherPartitionCounts_ByteIdenticalOutputs()
    {
        var a = await RunAsync("h100-trace-a-dirty", partitions: 1);
        var b = await RunAsync("h100-trace-a-dirty", partitions: 3);
        var c = await RunAsync("h100-trace-a-dirty", partitions: 3);
        foreach (var file in new[] { "alerts.jsonl", "metrics.jsonl", "deadletter.jsonl" })
        {
            var x = File.ReadAllBytes(Path.Combine(a.Dir, file));
            Assert.Equal(x, File.ReadAllBytes(Path.Combine(b.Dir, file)));
            Assert.Equal(x, File.ReadAllBytes(Path.Combine(c.Dir, file)));
        }
    }

    [Fact]
    public async Task Replay_Clean_GpuMemoryCriticalDuringPressureAndNoAlertsInFirstSteadyPhase()
    {
        var (dir, _) = await RunAsync("h100-trace-a");
        var alerts = File.ReadLines(Path.Combine(dir, "alerts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var firing = alerts.Where(a => a.GetProperty("Status").GetString() == "Firing").ToList();
        Assert.Contains(firing, a => a.GetProperty("Rule").GetString() == "gpu-memory"
            && a.GetProperty("Severity").GetString() == "Critical"
            && a.GetProperty("StartsAt").GetString()!.StartsWith("2026-11-22T11:18", StringComparison.Ordinal)
            && a.GetProperty("ModelVersion").GetString() == "2024-11-20");
        // Steady phase 11:13:17-11:15:17: no latency, 429 or memory alert starts there.
        Assert.DoesNotContain(firing, a => a.GetProperty("StartsAt").GetString()!.StartsWith("2026-11-22T11:13", StringComparison.Ordinal)
            || a.GetProperty("StartsAt").GetString()!.StartsWith("2026-11-22T11:14", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_Clean_AnomalyAlertsForBurstAndUnderutilizationWithoutExtraRules()
    {
        var (dir, _) = await RunAsync("h100-trace-a");
        var starts = File.ReadLines(Path.Combine(dir, "alerts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("Rule").GetString()!.StartsWith("anomaly:", StringComparison.Ordinal)
                && a.GetProperty("Status").GetString() == "Firing")
            .Select(a => DateTimeOffset.Parse(a.GetProperty("StartsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var phases = JsonDocument.Parse(File.ReadAllText(TestData.Path("h100-trace-a", "phases.json"))).RootElement.GetProperty("schedule")
            .EnumerateArray().DistinctBy(p => p.GetProperty("phase").GetString()).ToDictionary(p => p.GetProperty("phase").GetString()!, p => (
                DateTimeOffset.FromUnixTimeMilliseconds((long)(p.GetProperty("start").GetDouble() * 1000)),
                DateTimeOffset.FromUnixTimeMilliseconds((long)(p.GetProperty("end").GetDouble() * 1000))));
        bool During(string phase) => starts.Any(s => s >= phases[phase].Item1.AddSeconds(-2) && s <= phases[phase].Item2.AddSeconds(10));
        Assert.True(During("burst"), "no anomaly alert during the burst");
        Assert.True(During("underutilized"), "no anomaly alert during the underutilized phase");
        Assert.False(starts.Any(s => s < phases["burst"].Item1.AddSeconds(-2)), "anomaly alert before the burst");
    }

    [Fact]
    public async Task Replay_Clean_NotificationsGroupAlertsAndStayFewerThanAlertEvents()
    {
        var (dir, summary) = await RunAsync("h100-trace-a");
        var notifications = File.ReadLines(Path.Combine(dir, "notifications.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(notifications);
        Assert.True(notifications.Count < summary.AlertEvents, $"{notifications.Count} notifications for {summary.AlertEvents} alert events");
        // notifications are per incident (issue #11): each carries its incident's one pseudo-alert, which gathers the
        // raw alerts (before: groups of raw alerts by deployment, host and rule family)
        Assert.All(notifications, n => Assert.Equal(1, n.GetProperty("Alerts").GetArrayLength()));
        Assert.Contains(notifications, n => n.GetProperty("Alerts").EnumerateArray().Any(a => a.GetProperty("Rule").GetString() == "incident:gpu-memory"));
        Assert.True(notifications.Count <= 2 * summary.IncidentsOpened, $"{notifications.Count} notifications for {summary.IncidentsOpened} incidents");
    }
}
