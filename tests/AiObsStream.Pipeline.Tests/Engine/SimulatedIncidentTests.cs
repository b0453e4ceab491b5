using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>Runs the engine over simulated incidents and checks the default rules fire inside the ground-truth windows.</summary>
public class SimulatedIncidentTests
{
    private static async Task<(List<JsonElement> Firing, GroundTruth Truth, RunSummary Summary)> RunAsync(params IncidentSpec[] incidents)
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-simrun-" + Guid.NewGuid().ToString("N"));
        var result = TrafficSimulator.Generate(new SimulationOptions { Minutes = 20, Seed = 5, RateScale = 0.5, Incidents = incidents });
        var inputs = SimulationWriter.WriteAll(Path.Combine(root, "in"), result);
        var outDir = Path.Combine(root, "out");
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            summary = await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync(inputs, sink, CancellationToken.None);
        }

        var firing = File.ReadLines(Path.Combine(outDir, "alerts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("Status").GetString() == "Firing").ToList();
        return (firing, result.Truth, summary);
    }

    private static long StartsAt(JsonElement alert) =>
        DateTimeOffset.Parse(alert.GetProperty("StartsAt").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static List<JsonElement> OfRule(List<JsonElement> firing, string rule) =>
        firing.Where(a => a.GetProperty("Rule").GetString() == rule).ToList();

    [Fact]
    public async Task Run_LatencyRegressionAnd429Storm_RulesFireOnlyInsideIncidentWindows()
    {
        var (firing, truth, summary) = await RunAsync(new IncidentSpec(IncidentKind.LatencyRegression, 4), new IncidentSpec(IncidentKind.Http429Storm, 12));
        var latency = truth.Incidents[0];
        var storm = truth.Incidents[1];

        var p95 = OfRule(firing, "latency-p95");
        var share = OfRule(firing, "http-429-share");

        Assert.Equal(0, summary.Duplicates);
        Assert.NotEmpty(p95);
        Assert.All(p95, a => Assert.InRange(StartsAt(a), latency.StartUnixMs, latency.EndUnixMs));
        Assert.All(p95, a => Assert.Equal("chat-prod", a.GetProperty("Deployment").GetString()));
        Assert.NotEmpty(share);
        Assert.All(share, a => Assert.InRange(StartsAt(a), storm.StartUnixMs, storm.EndUnixMs));
        Assert.All(share, a => Assert.Equal("chat-mini", a.GetProperty("Deployment").GetString()));
    }

    [Fact]
    public async Task Run_NoIncidents_NoThresholdOrAnomalyRuleFires()
    {
        var (firing, _, _) = await RunAsync();

        Assert.Empty(firing); // normal traffic: no threshold alert and no anomaly alert (noise must not page anyone)
    }
}
