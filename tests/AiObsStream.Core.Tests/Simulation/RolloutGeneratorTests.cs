using AiObsStream.Core.Simulation.Rollouts;

namespace AiObsStream.Core.Tests.Simulation;

public class RolloutGeneratorTests
{
    private static RolloutScenario Scenario(RolloutScenarioKind kind, RolloutEffect effect, LatencyShape shape = LatencyShape.LogNormal) => new()
    {
        Kind = kind, Effect = effect, Shape = shape, RatePerSecond = 5, BaselineMinutes = 4, Minutes = 12, CanaryShare = 0.2, Seed = 7,
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [Fact]
    public void Generate_SameScenario_IdenticalOutput()
    {
        var s = Scenario(RolloutScenarioKind.Switch, RolloutEffect.Latency200);

        Assert.Equal(RolloutGenerator.Generate(s).Requests, RolloutGenerator.Generate(s).Requests);
    }

    [Theory]
    [InlineData(LatencyShape.H100Trace)]
    [InlineData(LatencyShape.LogNormal)]
    [InlineData(LatencyShape.Bimodal)]
    [InlineData(LatencyShape.HeavyTail)]
    public void Generate_Switch_NewVersionAfterRolloutTwiceAsSlow(LatencyShape shape)
    {
        var s = Scenario(RolloutScenarioKind.Switch, RolloutEffect.Latency200, shape);
        var result = RolloutGenerator.Generate(s);
        var rolloutTicks = DateTimeOffset.FromUnixTimeMilliseconds(s.ReferenceUnixMs).UtcTicks;
        var ok = result.Requests.Where(r => r.Status == 200).ToList();

        Assert.All(ok, r => Assert.InRange(r.TtftMs, 0.01, r.DurationMs));
        Assert.DoesNotContain(ok, r => r.ModelVersion == s.CandidateVersion && r.EndTicks < rolloutTicks);
        var ratio = Median(ok.Where(r => r.ModelVersion == s.CandidateVersion).Select(r => r.DurationMs))
            / Median(ok.Where(r => r.ModelVersion == s.BaselineVersion).Select(r => r.DurationMs));
        Assert.InRange(ratio, 1.7, 2.3);
        Assert.InRange(result.Requests.Count, 5 * 60 * 12 * 0.6, 5 * 60 * 12 * 1.4);
    }

    [Fact]
    public void Generate_Canary_ShareOfNewVersion()
    {
        var s = Scenario(RolloutScenarioKind.Canary, RolloutEffect.None);
        var after = RolloutGenerator.Generate(s).Requests.Where(r => r.EndTicks > DateTimeOffset.FromUnixTimeMilliseconds(s.ReferenceUnixMs + 60_000).UtcTicks).ToList();

        Assert.InRange(after.Count(r => r.ModelVersion == s.CandidateVersion) / (double)after.Count, 0.15, 0.25);
    }

    [Fact]
    public void Generate_ErrorsEffect_AddsFivePointsOfHttp500OnTheNewVersion()
    {
        var s = Scenario(RolloutScenarioKind.Switch, RolloutEffect.Errors) with { Minutes = 30 };
        var requests = RolloutGenerator.Generate(s).Requests;
        double Share(string v) => requests.Count(r => r.ModelVersion == v && r.Status == 500) / (double)requests.Count(r => r.ModelVersion == v);

        Assert.InRange(Share(s.CandidateVersion) - Share(s.BaselineVersion), 0.03, 0.07);
    }

    [Fact]
    public void NewVersionShare_FollowsEachKind()
    {
        double At(RolloutScenarioKind kind, double minute) => RolloutGenerator.NewVersionShare(Scenario(kind, RolloutEffect.None), minute * 60_000);

        Assert.Equal((0.0, 1.0), (At(RolloutScenarioKind.Switch, 3.9), At(RolloutScenarioKind.Switch, 4)));
        Assert.Equal(0.2, At(RolloutScenarioKind.Canary, 5));
        Assert.Equal((0.1, 0.55, 1.0), (At(RolloutScenarioKind.Ramp, 4), At(RolloutScenarioKind.Ramp, 9), At(RolloutScenarioKind.Ramp, 20)));
        Assert.Equal((1.0, 0.0, 1.0), (At(RolloutScenarioKind.RollbackReRollout, 8), At(RolloutScenarioKind.RollbackReRollout, 10), At(RolloutScenarioKind.RollbackReRollout, 16)));
        Assert.Equal((1.0, 0.0), (At(RolloutScenarioKind.PostRollbackBaseline, 1), At(RolloutScenarioKind.PostRollbackBaseline, 5)));
    }

    [Fact]
    public void Catalog_HasEveryKindRegressionsAndControls_AndIsDeterministic()
    {
        var catalog = RolloutScenarios.Catalog(1);

        Assert.Equal(catalog, RolloutScenarios.Catalog(1));
        Assert.All(Enum.GetValues<RolloutScenarioKind>(), k => Assert.Contains(catalog, s => s.Kind == k && s.IsRegression));
        Assert.All(Enum.GetValues<RolloutScenarioKind>(), k => Assert.Contains(catalog, s => s.Kind == k && !s.IsRegression));
        Assert.Equal(catalog.Count, catalog.Select(s => s.Name).Distinct().Count());
        Assert.All(catalog, s => Assert.True(s.Minutes >= 60));
        Assert.Contains(RolloutScenarios.Ci(1), s => s.BaselineMinutes == 1);
    }

    [Fact]
    public void Scenario_BadSettings_ThrowNamingTheSetting()
    {
        var s = Scenario(RolloutScenarioKind.Switch, RolloutEffect.None);

        Assert.Contains("RatePerSecond", Assert.Throws<ArgumentException>(() => RolloutGenerator.Generate(s with { RatePerSecond = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("BaselineMinutes", Assert.Throws<ArgumentException>(() => RolloutGenerator.Generate(s with { BaselineMinutes = 12 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RolloutGenerator.Generate(s with { Effect = RolloutEffect.RealV2 }));
    }

    [Fact]
    public void H100Timings_SampleInterpolatesTheTable()
    {
        Assert.Equal(H100Timings.V1LatencyMs[0], H100Timings.Sample(H100Timings.V1LatencyMs, 0));
        Assert.Equal(H100Timings.V1LatencyMs[200], H100Timings.Sample(H100Timings.V1LatencyMs, 1));
        Assert.Equal((H100Timings.V1LatencyMs[100] + H100Timings.V1LatencyMs[101]) / 2, H100Timings.Sample(H100Timings.V1LatencyMs, 0.5025), 6);
        Assert.True(H100Timings.Sample(H100Timings.V2LatencyMs, 0.5) > 3 * H100Timings.Sample(H100Timings.V1LatencyMs, 0.5));
    }
}
