using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;
using AiObsStream.Core.Simulation.Rollouts;
using LatencyShape = AiObsStream.Core.Simulation.Rollouts.LatencyShape;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

public class RolloutCorpusSourceTests
{
    private static readonly long Start = RolloutScenario.DefaultStart.ToUnixTimeMilliseconds();

    private static RolloutScenario Scenario(RolloutScenarioKind kind, RolloutEffect effect) => new()
    {
        Kind = kind,
        Effect = effect,
        BaselineMinutes = 4,
        Minutes = 20,
        RatePerSecond = 1,
    };

    [Theory]
    [InlineData(RolloutScenarioKind.Switch, RolloutEffect.Latency200)]
    [InlineData(RolloutScenarioKind.Canary, RolloutEffect.Errors)]
    [InlineData(RolloutScenarioKind.RollbackReRollout, RolloutEffect.Latency140)]
    [InlineData(RolloutScenarioKind.PostRollbackBaseline, RolloutEffect.RealV2)]
    [InlineData(RolloutScenarioKind.SharedGpu, RolloutEffect.TtftOnly)]
    public void Truth_Regression_OneVersionRegressionOnChatProdFromReferenceToEnd(RolloutScenarioKind kind, RolloutEffect effect)
    {
        var scenario = Scenario(kind, effect) with { Shape = effect == RolloutEffect.RealV2 ? LatencyShape.H100Trace : LatencyShape.LogNormal };

        var truth = RolloutCorpusSource.Truth(scenario);

        var incident = Assert.Single(truth.Incidents);
        Assert.Equal(IncidentCause.VersionRegression, incident.Cause);
        Assert.Equal(scenario.ReferenceUnixMs, incident.StartMs);
        Assert.Equal(Start + (4 * 60_000), incident.StartMs);
        Assert.Equal(Start + (20 * 60_000), incident.EndMs);
        Assert.Equal([SimFleet.ChatProd], incident.Deployments);
        Assert.Empty(incident.Hosts);
        Assert.Equal((Start, Start + (20 * 60_000)), (truth.StartMs, truth.EndMs));
    }

    [Theory]
    [InlineData(RolloutScenarioKind.Switch, RolloutEffect.None)]
    [InlineData(RolloutScenarioKind.Switch, RolloutEffect.Faster)]
    [InlineData(RolloutScenarioKind.Canary, RolloutEffect.None)]
    [InlineData(RolloutScenarioKind.PostRollbackBaseline, RolloutEffect.Faster)]
    [InlineData(RolloutScenarioKind.SharedGpu, RolloutEffect.None)]
    public void Truth_QuietControl_NoIncidentAndTheWholeRunHealthy(RolloutScenarioKind kind, RolloutEffect effect)
    {
        var truth = RolloutCorpusSource.Truth(Scenario(kind, effect));

        Assert.Empty(truth.Incidents);
        Assert.Equal(20 * 60_000, IncidentScorer.HealthyMs(truth));
    }

    [Theory]
    [InlineData(RolloutScenarioKind.Switch, new[] { SimFleet.ChatProd })]
    [InlineData(RolloutScenarioKind.Canary, new[] { SimFleet.ChatProd })]
    [InlineData(RolloutScenarioKind.SharedGpu, new[] { SimFleet.ChatMini, SimFleet.ChatProd })]
    public void Truth_LoadBurstControl_CapacityOverTheInjectedBurstOnEveryDeployment(RolloutScenarioKind kind, string[] deployments)
    {
        var scenario = Scenario(kind, RolloutEffect.LoadBurst);

        var truth = RolloutCorpusSource.Truth(scenario);

        // The generator's burst: one minute after the identical release, four minutes long, on every deployment.
        var incident = Assert.Single(truth.Incidents);
        Assert.Equal(IncidentCause.Capacity, incident.Cause);
        Assert.Equal(scenario.ReferenceUnixMs + 60_000, incident.StartMs);
        Assert.Equal(scenario.ReferenceUnixMs + (5 * 60_000), incident.EndMs);
        Assert.Equal(deployments, incident.Deployments);
        Assert.DoesNotContain(truth.Incidents, t => t.Cause == IncidentCause.VersionRegression);

        // Healthy time leaves the burst and its ten-minute margins out (clamped to the run).
        long margin = (long)IncidentMatchRules.HealthyMargin.TotalMilliseconds;
        long covered = Math.Min(truth.EndMs, incident.EndMs + margin) - Math.Max(truth.StartMs, incident.StartMs - margin);
        Assert.Equal(truth.EndMs - truth.StartMs - covered, IncidentScorer.HealthyMs(truth));
    }

    [Fact]
    public void Truth_InvalidScenario_Throws()
    {
        Assert.Throws<ArgumentException>(() => RolloutCorpusSource.Truth(Scenario(RolloutScenarioKind.Switch, RolloutEffect.None) with { BaselineMinutes = 30 }));
        Assert.Throws<ArgumentNullException>(() => RolloutCorpusSource.Truth(null!));
    }

    [Fact]
    public void Cases_Ci_OneCasePerScenarioWithGroupsAndUniqueFileSafeNames()
    {
        var source = RolloutCorpusSource.Ci(1);

        var cases = source.Cases();

        Assert.Equal("rollouts", source.Name);
        Assert.Equal(RolloutScenarios.Ci(1).Count, cases.Count);
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(cases, c => Assert.DoesNotContain('/', c.Name));
        Assert.Equal(source.Scenarios.Count(s => s.IsRegression), cases.Count(c => c.Group == RolloutCorpusSource.RegressionGroup));
        Assert.Equal(source.Scenarios.Count(s => !s.IsRegression), cases.Count(c => c.Group == RolloutCorpusSource.ControlGroup));
    }

    [Fact]
    public void Catalog_SeedsConcatenateInOrder()
    {
        var source = RolloutCorpusSource.Catalog(3, 2);

        Assert.Equal(RolloutScenarios.Catalog(3).Concat(RolloutScenarios.Catalog(4)).Select(s => s.Name), source.Scenarios.Select(s => s.Name));
    }

    [Fact]
    public void Prepare_WritesTheTwoCallStreamsDeterministically()
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-rollout-corpus-" + Guid.NewGuid().ToString("N"));
        try
        {
            var scenario = Scenario(RolloutScenarioKind.Switch, RolloutEffect.Latency140) with { Minutes = 6 };
            var a = new RolloutCorpusSource([scenario]).Cases()[0].Prepare(Path.Combine(root, "a"));
            var b = new RolloutCorpusSource([scenario]).Cases()[0].Prepare(Path.Combine(root, "b"));

            Assert.Equal([SimulationWriter.AoaiFile, SimulationWriter.DependenciesFile], a.Inputs.Select(Path.GetFileName));
            Assert.All(a.Inputs, f => Assert.True(new FileInfo(f).Length > 0, f));
            foreach (var (fa, fb) in a.Inputs.Zip(b.Inputs))
            {
                Assert.Equal(File.ReadAllBytes(fa), File.ReadAllBytes(fb));
            }

            Assert.Equal(RolloutCorpusSource.Truth(scenario), a.Truth, new TruthComparer());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Records hold lists, which compare by reference: compare the fields.</summary>
    private sealed class TruthComparer : IEqualityComparer<ScenarioTruth>
    {
        public bool Equals(ScenarioTruth? x, ScenarioTruth? y) => x is not null && y is not null
            && (x.Scenario, x.StartMs, x.EndMs) == (y.Scenario, y.StartMs, y.EndMs)
            && x.Incidents.Select(i => (i.Cause, i.StartMs, i.EndMs, string.Join(",", i.Deployments), i.Label))
                .SequenceEqual(y.Incidents.Select(i => (i.Cause, i.StartMs, i.EndMs, string.Join(",", i.Deployments), i.Label)));

        public int GetHashCode(ScenarioTruth obj) => obj.StartMs.GetHashCode();
    }
}
