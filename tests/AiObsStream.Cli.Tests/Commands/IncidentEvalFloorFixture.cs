using AiObsStream.Cli.Commands;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>
/// Runs the CI-sized simulator corpus (<see cref="CorpusSettings.Ci"/> with two seeds: 32 runs of 20-35 simulated
/// minutes at half load) through the engine once for all floor tests: a large immutable corpus, hence a fixture.
/// </summary>
public sealed class IncidentEvalFloorFixture : IAsyncLifetime
{
    public static CorpusSettings Settings { get; } = CorpusSettings.Ci with { Seeds = 2 };

    internal IReadOnlyList<IncidentCaseResult> Results { get; private set; } = [];

    public IncidentScoreSummary Summary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var work = Path.Combine(Path.GetTempPath(), "aiobs-incident-floors-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Results = await IncidentEvaluation.RunAsync([new SimulatedCorpusSource(Settings)], work, Environment.ProcessorCount, null, CancellationToken.None);
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
