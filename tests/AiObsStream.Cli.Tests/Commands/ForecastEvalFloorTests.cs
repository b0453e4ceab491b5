using AiObsStream.Cli.Commands;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>
/// The forecast corpus of <c>aiobs eval incidents --forecast</c> (<see cref="LoadRampCorpusSource"/>, seeds 1-2) through
/// the real engine: every load ramp is predicted as capacity before the utilization reaches the threshold (negative
/// delay, within the lead allowance), and the flat and seasonal multi-day runs open no incident.
/// </summary>
public class ForecastEvalFloorTests
{
    [Fact]
    public async Task LoadRampCorpus_RampsPredictedAhead_HealthyRunsQuiet()
    {
        var work = Directory.CreateTempSubdirectory("aiobs-forecast-eval-").FullName;
        try
        {
            var results = await IncidentEvaluation.RunAsync([new LoadRampCorpusSource(1, 2)], work, 2, null, CancellationToken.None);

            Assert.Equal(["s1-load-ramp", "s1-load-flat", "s1-load-seasonal", "s2-load-ramp", "s2-load-flat", "s2-load-seasonal"], results.Select(r => r.Name));
            Assert.All(results, r => Assert.Equal("forecast", r.Source));
            foreach (var r in results.Where(r => r.Name.EndsWith("-ramp", StringComparison.Ordinal)))
            {
                var truth = Assert.Single(r.Score.Truths);
                Assert.Equal(IncidentCause.Capacity, truth.Truth.Cause);
                Assert.True(truth.DelayMs is < 0, $"{r.Name}: delay {truth.DelayMs} ms, not ahead of the crossing");
                Assert.True(truth.DelayMs >= -(long)LoadRampSimulator.LeadAllowance.TotalMilliseconds, $"{r.Name}: delay {truth.DelayMs} ms");
                Assert.DoesNotContain(r.Score.Predictions, p => p.False);
            }

            foreach (var r in results.Where(r => !r.Name.EndsWith("-ramp", StringComparison.Ordinal)))
            {
                Assert.True(r.Score.Predictions.Count == 0, $"{r.Name}: {r.Score.Predictions.Count} incidents on a healthy multi-day run");
                Assert.True(r.Score.HealthyMs > 100L * 3_600_000, $"{r.Name}: {r.Score.HealthyMs} ms healthy");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
