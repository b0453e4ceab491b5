using AiObsStream.Cli.Commands;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Simulation;
using AiObsStream.Core.Simulation.Rollouts;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>
/// Runs the CI-sized simulator corpus (<see cref="CorpusSettings.Ci"/> with two seeds: 32 runs of 20-35 simulated
/// minutes at half load) and the CI-sized rollout corpus (<see cref="RolloutScenarios.Ci"/> of seed 1: all 33 scenarios,
/// 15-24 simulated minutes at 2-12 requests/s) through the engine once for all floor tests: a large immutable corpus,
/// hence a fixture. Both run in one pass so that the cores stay busy; the results are kept apart.
/// </summary>
public sealed class IncidentEvalFloorFixture : IAsyncLifetime
{
    public static CorpusSettings Settings { get; } = CorpusSettings.Ci with { Seeds = 2 };

    /// <summary>The seed of the rollout part.</summary>
    public const int RolloutSeed = 1;

    internal IReadOnlyList<IncidentCaseResult> Results { get; private set; } = [];

    internal IReadOnlyList<IncidentCaseResult> RolloutResults { get; private set; } = [];

    public IncidentScoreSummary Summary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var work = Path.Combine(Path.GetTempPath(), "aiobs-incident-floors-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var rollouts = RolloutCorpusSource.Ci(RolloutSeed);
            var all = await IncidentEvaluation.RunAsync([new SimulatedCorpusSource(Settings), rollouts], work, Environment.ProcessorCount, null, CancellationToken.None);
            Results = all.Where(r => r.Source != rollouts.Name).ToList();
            RolloutResults = all.Where(r => r.Source == rollouts.Name).ToList();
            Summary = IncidentEvaluation.Summarize(Results);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
