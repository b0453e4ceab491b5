using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>The model-version regression verdict end to end: the H100 trace's real rollout and simulated releases.</summary>
[Trait("Category", "Integration")]
public class VersionRegressionReplayTests
{
    private const string Rule = "model-version-regression";

    private static async Task<List<JsonElement>> RunAsync(string[] inputs, int partitions = 2)
    {
        var outDir = Path.Combine(Path.GetTempPath(), "aiobs-vreg-" + Guid.NewGuid().ToString("N"));
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await new StreamEngine(new EngineOptions { Partitions = partitions }).RunAsync(inputs, sink, CancellationToken.None);
        }

        return File.ReadLines(Path.Combine(outDir, "alerts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("Rule").GetString() == Rule).ToList();
    }

    private static Task<List<JsonElement>> SimulateAsync(params IncidentSpec[] incidents)
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-vreg-sim-" + Guid.NewGuid().ToString("N"));
        var result = TrafficSimulator.Generate(new SimulationOptions { Minutes = 20, Seed = 5, RateScale = 0.5, Incidents = incidents });
        return RunAsync([.. SimulationWriter.WriteAll(Path.Combine(root, "in"), result)]);
    }

    private static long Ms(JsonElement alert, string property) =>
        DateTimeOffset.Parse(alert.GetProperty(property).GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static (string Version, long StartMs)[] Rollouts()
    {
        var schedule = JsonDocument.Parse(File.ReadAllText(TestData.Path("h100-trace-a", "phases.json"))).RootElement.GetProperty("schedule");
        var list = new List<(string, long)>();
        string? previous = null;
        foreach (var phase in schedule.EnumerateArray())
        {
            var version = phase.GetProperty("model_version").GetString()!;
            if (previous is not null && version != previous)
            {
                list.Add((version, (long)(phase.GetProperty("start").GetDouble() * 1000)));
            }

            previous = version;
        }

        return [.. list];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Replay_H100TraceA_FiresForNewVersionWithinThreeMinutesNamingLatency(int partitions)
    {
        var (version, rolloutMs) = Assert.Single(Rollouts());
        var alerts = await RunAsync(TraceFiles.CheckerInputs("h100-trace-a"), partitions);

        var firing = Assert.Single(alerts, a => a.GetProperty("Status").GetString() == "Firing");
        Assert.Equal(version, firing.GetProperty("ModelVersion").GetString());
        Assert.Equal("2024-11-20", version);
        Assert.Equal("chat-prod", firing.GetProperty("Deployment").GetString());
        var summary = firing.GetProperty("Summary").GetString()!;
        Assert.Contains("against 2024-08-06", summary, StringComparison.Ordinal);
        Assert.Contains("latency_ms p50", summary, StringComparison.Ordinal);
        Assert.InRange(Ms(firing, "TimeGenerated"), rolloutMs, rolloutMs + 180_000);
        Assert.True(firing.GetProperty("Value").GetDouble() >= firing.GetProperty("Threshold").GetDouble());
    }

    [Fact]
    public async Task Simulate_ReleaseWithoutDegradation_DoesNotFire()
    {
        var alerts = await SimulateAsync();

        Assert.Empty(alerts);
    }

    [Fact]
    public async Task Simulate_QualityDriftRelease_FiresNamingQualityScores()
    {
        var alerts = await SimulateAsync(new IncidentSpec(IncidentKind.QualityDrift, 8));

        var firing = Assert.Single(alerts, a => a.GetProperty("Status").GetString() == "Firing");
        Assert.Equal("chat-prod", firing.GetProperty("Deployment").GetString());
        Assert.Equal(SimFleet.ChatProdRelease, firing.GetProperty("ModelVersion").GetString());
        Assert.Contains("groundedness", firing.GetProperty("Summary").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("latency_ms", firing.GetProperty("Summary").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_LatencyRegressionStartingWithTheRelease_FiresNamingLatency()
    {
        var alerts = await SimulateAsync(new IncidentSpec(IncidentKind.LatencyRegression, 10)); // the release is at minute 10 of 20

        var firing = Assert.Single(alerts, a => a.GetProperty("Status").GetString() == "Firing");
        Assert.Equal(SimFleet.ChatProdRelease, firing.GetProperty("ModelVersion").GetString());
        Assert.Contains("latency_ms", firing.GetProperty("Summary").GetString()!, StringComparison.Ordinal);
    }
}
