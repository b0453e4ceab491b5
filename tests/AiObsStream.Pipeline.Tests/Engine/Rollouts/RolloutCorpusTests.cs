using AiObsStream.Core.Simulation.Rollouts;

namespace AiObsStream.Pipeline.Tests.Engine.Rollouts;

/// <summary>
/// Floors of the model-version regression verdict on the CI-sized rollout corpus (<see cref="RolloutScenarios.Ci"/>),
/// run through the real engine: every regression is reported within ten minutes of the rollout (or of the rollback for
/// a post-rollback baseline), naming the new version and one of the signals that regressed; every control is silent.
/// </summary>
[Trait("Category", "Integration")]
public class RolloutCorpusTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task CiCorpus_EveryRegressionWithinTenMinutes_EveryControlSilent(int seed)
    {
        var outcomes = new List<RolloutOutcome>();
        foreach (var scenario in RolloutScenarios.Ci(seed))
        {
            outcomes.Add(await RolloutHarness.RunAsync(scenario));
        }

        var failures = outcomes.Where(o => o.FalseAlarms > 0
            || (o.Scenario.IsRegression && (!o.DetectedInTime || !o.Scenario.Signals.Contains(o.Firing[0].Metric)))).ToList();
        Assert.True(failures.Count == 0, RolloutHarness.Table(failures));
        Assert.Contains(outcomes, o => o.Scenario.IsRegression);
        Assert.Contains(outcomes, o => !o.Scenario.IsRegression);
    }
}
