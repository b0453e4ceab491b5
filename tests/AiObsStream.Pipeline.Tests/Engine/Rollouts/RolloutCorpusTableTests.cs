using AiObsStream.Core.Simulation.Rollouts;

namespace AiObsStream.Pipeline.Tests.Engine.Rollouts;

/// <summary>
/// Writes the detection table of the rollout corpus when <c>AIOBS_ROLLOUT_TABLE</c> names a file (a measurement, not a
/// check: the floors are in RolloutCorpusTests). <c>AIOBS_ROLLOUT_CORPUS=full</c> uses the hour-long corpus.
/// </summary>
[Trait("Category", "Measurement")]
public class RolloutCorpusTableTests
{
    [Fact]
    public async Task Corpus_WritesDetectionTable_WhenAsked()
    {
        var path = Environment.GetEnvironmentVariable("AIOBS_ROLLOUT_TABLE");
        var full = Environment.GetEnvironmentVariable("AIOBS_ROLLOUT_CORPUS") == "full";
        var seeds = path is null ? [1] : new[] { 1, 2, 3 };
        var outcomes = new List<RolloutOutcome>();
        foreach (var seed in seeds)
        {
            foreach (var s in (full ? RolloutScenarios.Catalog(seed) : RolloutScenarios.Ci(seed)).Take(path is null ? 1 : int.MaxValue))
            {
                outcomes.Add(await RolloutHarness.RunAsync(s));
            }
        }

        if (path is not null)
        {
            var regressions = outcomes.Where(o => o.Scenario.IsRegression).ToList();
            var controls = outcomes.Where(o => !o.Scenario.IsRegression).ToList();
            var summary = $"\nregressions detected within 10 min: {regressions.Count(o => o.DetectedInTime)}/{regressions.Count}; "
                + $"controls with a false alarm: {controls.Count(o => o.FalseAlarms > 0)}/{controls.Count}\n";
            await File.WriteAllTextAsync(path, RolloutHarness.Table(outcomes) + summary);
        }

        Assert.NotEmpty(outcomes);
    }
}
