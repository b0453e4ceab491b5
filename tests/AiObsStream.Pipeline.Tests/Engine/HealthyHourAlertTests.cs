using System.Text.Json;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Issue #11: healthy data stays quiet. Simulated healthy hours (normal load, half and three times the usual rate)
/// raise no anomaly alert; before the practical-effect floors, confirmation and percentile confidence they raised up
/// to 57 an hour at three times the rate (p95 of ~25 requests per two-second bucket, single GPU scrapes).
/// </summary>
public class HealthyHourAlertTests
{
    private static async Task<List<JsonElement>> FiringAsync(int seed, double rateScale)
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-healthy-" + Guid.NewGuid().ToString("N"));
        var result = TrafficSimulator.Generate(new SimulationOptions { Minutes = 60, Seed = seed, RateScale = rateScale });
        var inputs = SimulationWriter.WriteAll(Path.Combine(root, "in"), result);
        var outDir = Path.Combine(root, "out");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync(inputs, sink, CancellationToken.None);
        }

        var firing = File.ReadLines(Path.Combine(outDir, "alerts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("Status").GetString() == "Firing").ToList();
        Directory.Delete(root, recursive: true);
        return firing;
    }

    private static string Describe(IEnumerable<JsonElement> alerts) =>
        string.Join("; ", alerts.Select(a => a.GetProperty("Summary").GetString()));

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 3.0)]
    [InlineData(4, 3.0)]
    public async Task HealthyHour_NoAnomalyAlert(int seed, double rateScale)
    {
        var firing = await FiringAsync(seed, rateScale);

        var anomalies = firing.Where(a => a.GetProperty("Rule").GetString()!.StartsWith("anomaly:", StringComparison.Ordinal)).ToList();
        Assert.True(anomalies.Count == 0, Describe(anomalies));
    }

    [Fact]
    public async Task HealthySixHourAppInsightsTrace_NoAlertOfAnyRule()
    {
        // The issue #10 replay (one evaluation every 10 s, bodies of 40): no ingestion, drift or anomaly alert.
        var traces = ReplayCaptures.AppInsightsEvaluations(new DateTime(2024, 3, 11, 9, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(6),
            TimeSpan.FromSeconds(10), perBody: 40);

        var r = await IngestionHealthReplayTests.RunAsync([("appinsights.jsonl", traces, null)]);

        Assert.True(r.Alerts.Count == 0, string.Join("; ", r.Alerts.Select(a => a.GetProperty("Summary").GetString())));
    }
}
