using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Rules;

public class RuleEngineTests
{
    private const long Minute = 60_000;
    private static readonly WindowSpec Spec = new(TimeSpan.FromMinutes(1));
    private static readonly DimsPool Pool = new();
    private static readonly SeriesDims Chat = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "v1", "op", "", "", ""));
    private static readonly SeriesDims Gpu = Pool.Intern(new DimsKey(TelemetrySource.DCGM, "chat-prod", "", "", "", "", "h", "g"));

    private static MetricRow Row(long window, string metric, SeriesDims dims, double value, long count = 100) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = metric,
        Dims = dims,
        ModelVersion = dims.ModelVersion,
        Count = count,
        Sum = value * count,
        Min = value,
        Max = value,
        Mean = value,
        P50 = value,
        P90 = value,
        P95 = value,
        P99 = value,
        Share = value,
        Rate = value,
    };

    private static List<AlertEvent> Run(RuleSet set, params (long Window, string Metric, SeriesDims Dims, double Value)[] rows)
    {
        var engine = new RuleEngine(set, Spec);
        var output = new List<AlertEvent>();
        foreach (var group in rows.GroupBy(r => r.Window).OrderBy(g => g.Key))
        {
            engine.EvaluateWindow(group.Key * Minute, group.Select(r => Row(r.Window, r.Metric, r.Dims, r.Value)).ToList(), output);
        }

        return output;
    }

    [Fact]
    public void Latency_BreachThenRecover_FiresThenResolvesWithSameId()
    {
        var alerts = Run(DefaultRules.Set,
            (0, MetricNames.LatencyMs, Chat, 800), (1, MetricNames.LatencyMs, Chat, 3200), (2, MetricNames.LatencyMs, Chat, 700));
        Assert.Equal(2, alerts.Count);
        Assert.Equal((AlertStatus.Firing, Severity.Warning, "latency-p95"), (alerts[0].Status, alerts[0].Severity, alerts[0].Rule));
        Assert.Equal(1 * Minute, alerts[0].StartsAtMs);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Equal(2 * Minute, alerts[1].EndsAtMs);
        Assert.Equal(alerts[0].AlertId, alerts[1].AlertId);
        Assert.Equal("v1", alerts[0].ModelVersion);
        Assert.Equal("chat-prod", alerts[0].Deployment);
    }

    [Fact]
    public void Underutilized_SustainNotMet_StaysSilent_ThenFiresAndEscalates()
    {
        var rows = Enumerable.Range(0, 9).Select(i => ((long)i, MetricNames.GpuUtil, Gpu, 20.0)).ToArray();
        Assert.Empty(Run(DefaultRules.Set, rows)); // 9 minutes < 10-minute sustain
        var longer = Enumerable.Range(0, 10).Select(i => ((long)i, MetricNames.GpuUtil, Gpu, 20.0))
            .Concat(Enumerable.Range(10, 10).Select(i => ((long)i, MetricNames.GpuUtil, Gpu, 5.0))).ToArray();
        var alerts = Run(DefaultRules.Set, longer);
        Assert.Equal(2, alerts.Count);
        Assert.Equal((Severity.Warning, 0L), (alerts[0].Severity, alerts[0].StartsAtMs));
        Assert.Equal(10 * Minute, alerts[0].TimeGeneratedMs);
        Assert.Equal(Severity.Critical, alerts[1].Severity);
        Assert.Equal(alerts[0].AlertId, alerts[1].AlertId);
    }

    [Fact]
    public void Sustain_GapInData_RestartsTheRun()
    {
        var rows = Enumerable.Range(0, 5).Concat(Enumerable.Range(6, 9)).Select(i => ((long)i, MetricNames.GpuUtil, Gpu, 20.0)).ToArray();
        Assert.Empty(Run(DefaultRules.Set, rows)); // minute 5 missing: no 10 consecutive minutes
    }

    [Fact]
    public void Memory_CriticalBeyond95_WarningBeyond85()
    {
        var alerts = Run(DefaultRules.Set, (0, MetricNames.FbUsedPct, Gpu, 96), (1, MetricNames.FbUsedPct, Gpu, 90), (2, MetricNames.FbUsedPct, Gpu, 50));
        Assert.Equal(Severity.Critical, alerts[0].Severity);
        Assert.Equal(95, alerts[0].Threshold);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Equal(2 * Minute, alerts[1].EndsAtMs);
    }

    [Fact]
    public void FiringSeries_GoesSilent_ResolvesAsNoData()
    {
        var alerts = Run(DefaultRules.Set, (0, MetricNames.LatencyMs, Chat, 5000),
            (6, MetricNames.GpuUtil, Gpu, 50)); // another series keeps event time moving
        Assert.Equal(2, alerts.Count);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Contains("no data", alerts[1].Summary, StringComparison.Ordinal);
        Assert.Equal(1 * Minute, alerts[1].EndsAtMs);
    }

    [Fact]
    public void FiringSeries_BackAfterAGapNoSweepSaw_OldIncidentResolvedAtItsOwnTime_NewOneFires()
    {
        // Nothing at all between minute 0 and a day later (inputs far apart): the old incident ends in the gap, dated
        // when the silence became long enough (minute 5 + window), and the series' return opens a new incident.
        var day = 24 * 60;
        var alerts = Run(DefaultRules.Set, (0, MetricNames.LatencyMs, Chat, 5000), (day, MetricNames.LatencyMs, Chat, 5000));

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved, AlertStatus.Firing], alerts.Select(a => a.Status));
        Assert.Contains("no data", alerts[1].Summary, StringComparison.Ordinal);
        Assert.Equal(6 * Minute, alerts[1].TimeGeneratedMs);
        Assert.Equal(1 * Minute, alerts[1].EndsAtMs);
        Assert.NotEqual(alerts[0].AlertId, alerts[2].AlertId);
    }

    [Fact]
    public void Override_DisablesRuleForDeployment()
    {
        var rules = DefaultRules.All.Select(r => r.Name == "gpu-memory"
            ? r with { Overrides = new Dictionary<string, RuleOverride> { ["chat-prod"] = new() { Enabled = false } } }
            : r).ToList();
        Assert.Empty(Run(new RuleSet { Rules = rules }, (0, MetricNames.FbUsedPct, Gpu, 99)));
    }

    [Fact]
    public void TpmRule_ScalesByConfiguredQuota_SkipsWithoutQuota()
    {
        Assert.Empty(Run(DefaultRules.Set, (0, MetricNames.TokensTotal, Chat, 1_000_000)));
        var set = DefaultRules.Set with { TpmQuotas = new Dictionary<string, double> { ["chat-prod"] = 100_000 } };
        var alerts = Run(set, (0, MetricNames.TokensTotal, Chat, 79_000), (1, MetricNames.TokensTotal, Chat, 81_000));
        var fired = Assert.Single(alerts);
        Assert.Equal(80_000, fired.Threshold);
    }

    [Fact]
    public void Hysteresis_ResolveThreshold_KeepsFiringBetweenThresholds()
    {
        var rules = DefaultRules.All.Select(r => r.Name == "latency-p95" ? r with { ResolveThreshold = 800 } : r).ToList();
        var alerts = Run(new RuleSet { Rules = rules },
            (0, MetricNames.LatencyMs, Chat, 1500), (1, MetricNames.LatencyMs, Chat, 900), (2, MetricNames.LatencyMs, Chat, 700));
        Assert.Equal(2, alerts.Count);
        Assert.Equal(3 * Minute, alerts[1].TimeGeneratedMs);
    }

    [Fact]
    public void AlertId_SameInputTwice_Identical()
    {
        var a = Run(DefaultRules.Set, (3, MetricNames.LatencyMs, Chat, 5000));
        var b = Run(DefaultRules.Set, (3, MetricNames.LatencyMs, Chat, 5000));
        Assert.Equal(a.Single().AlertId, b.Single().AlertId);
        Assert.Matches("^[0-9a-f]{16}$", a.Single().AlertId);
    }

    [Fact]
    public void RuleSet_Validate_RejectsCriticalBelowWarningForAbove()
    {
        var bad = new RuleSet { Rules = [new RuleDefinition { Name = "x", Metric = "m", Warning = 10, Critical = 5 }] };
        var ex = Assert.Throws<ArgumentException>(bad.Validate);
        Assert.Contains("rules.x", ex.Message, StringComparison.Ordinal);
    }
}
