using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;
using AiObsStream.Core.Simulation.Rollouts;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// The resampled rollout corpus (<see cref="RolloutScenarios"/>) as incident-evaluation cases: each case generates its
/// scenario (<see cref="RolloutGenerator"/>) and writes the two call streams the engine reads.
/// </summary>
/// <remarks>
/// Labels, from what the generator injects:
/// <list type="bullet">
/// <item>A regression (<see cref="RolloutScenario.IsRegression"/>) is one <c>version-regression</c> incident on
/// <see cref="SimFleet.ChatProd"/> (the released deployment; a shared-GPU neighbour is not released, and an incident
/// naming both still intersects) from <see cref="RolloutScenario.ReferenceUnixMs"/> to the end of the run: the worse
/// version keeps serving (a rollback-and-re-rollout is still one problem, a canary is a problem at its share).</item>
/// <item>A control opens nothing and its whole run is healthy time, except a <see cref="RolloutEffect.LoadBurst"/>
/// control: the three-fold burst one minute after the identical release (four minutes of queueing and 10 % HTTP 429)
/// is a real <c>capacity</c> problem on every deployment of the scenario, so it is labelled as one. An engine that
/// blames the burst on the version then scores a wrong-cause incident (not a detection), and the burst's window
/// (±<see cref="IncidentMatchRules.HealthyMargin"/>) is not healthy time.</item>
/// </list>
/// The run spans <see cref="RolloutScenario.Start"/> to <see cref="RolloutScenario.Minutes"/> later.
/// </remarks>
/// <param name="scenarios">The scenarios, in a fixed order.</param>
public sealed class RolloutCorpusSource(IReadOnlyList<RolloutScenario> scenarios) : ICorpusSource
{
    /// <summary>Group of a regression case.</summary>
    public const string RegressionGroup = "rollout";

    /// <summary>Group of a control case.</summary>
    public const string ControlGroup = "rollout-control";

    /// <summary>Start of the burst of a <see cref="RolloutEffect.LoadBurst"/> control after the reference time (the generator's).</summary>
    private static readonly TimeSpan BurstOffset = TimeSpan.FromMinutes(1);

    /// <summary>Length of that burst (the generator's).</summary>
    private static readonly TimeSpan BurstLength = TimeSpan.FromMinutes(4);

    /// <inheritdoc/>
    public string Name => "rollouts";

    /// <summary>The scenarios of the source.</summary>
    public IReadOnlyList<RolloutScenario> Scenarios => scenarios;

    /// <summary>The hour-long catalog for the given seeds (<see cref="RolloutScenarios.Catalog"/>).</summary>
    /// <param name="firstSeed">The first seed.</param>
    /// <param name="seeds">How many seeds.</param>
    /// <returns>The source.</returns>
    public static RolloutCorpusSource Catalog(int firstSeed, int seeds) =>
        new(Enumerable.Range(firstSeed, seeds).SelectMany(RolloutScenarios.Catalog).ToList());

    /// <summary>The CI-sized corpus of one seed (<see cref="RolloutScenarios.Ci"/>).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The source.</returns>
    public static RolloutCorpusSource Ci(int seed) => new(RolloutScenarios.Ci(seed));

    /// <summary>The ground truth of a scenario (see the remarks of the type).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The truth.</returns>
    public static ScenarioTruth Truth(RolloutScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario.Validate();
        long start = scenario.Start.ToUnixTimeMilliseconds();
        long end = start + (long)(scenario.Minutes * 60_000);
        var incidents = new List<TruthIncident>(1);
        if (scenario.IsRegression)
        {
            incidents.Add(new TruthIncident(IncidentCause.VersionRegression, scenario.ReferenceUnixMs, end, [SimFleet.ChatProd], [],
                $"{scenario.Kind}/{scenario.Effect}: {scenario.CandidateVersion} worse than {scenario.BaselineVersion}"));
        }
        else if (scenario.Effect == RolloutEffect.LoadBurst)
        {
            long burstStart = scenario.ReferenceUnixMs + (long)BurstOffset.TotalMilliseconds;
            long burstEnd = Math.Min(end, burstStart + (long)BurstLength.TotalMilliseconds);
            if (burstEnd > burstStart)
            {
                incidents.Add(new TruthIncident(IncidentCause.Capacity, burstStart, burstEnd, Deployments(scenario), [],
                    "load-burst x3 after an identical release"));
            }
        }

        return new ScenarioTruth(scenario.Name, start, end, incidents);
    }

    /// <inheritdoc/>
    public IReadOnlyList<CorpusCase> Cases()
    {
        var cases = new List<CorpusCase>(scenarios.Count);
        foreach (var scenario in scenarios)
        {
            var truth = Truth(scenario);
            cases.Add(new CorpusCase("rollout-" + scenario.Name.Replace('/', '-'), scenario.IsRegression ? RegressionGroup : ControlGroup, dir =>
            {
                var files = SimulationWriter.WriteAll(dir, RolloutGenerator.Generate(scenario));

                // Only the two call streams carry data: the generator writes no evaluations and no GPU scrapes.
                var inputs = files.Where(f => Path.GetFileName(f) is SimulationWriter.AoaiFile or SimulationWriter.DependenciesFile).ToList();
                return new PreparedCase(inputs, truth);
            }));
        }

        return cases;
    }

    private static IReadOnlyList<string> Deployments(RolloutScenario scenario) =>
        scenario.Kind == RolloutScenarioKind.SharedGpu ? [SimFleet.ChatMini, SimFleet.ChatProd] : [SimFleet.ChatProd];
}
