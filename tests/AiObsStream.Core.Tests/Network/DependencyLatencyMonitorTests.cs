using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Network;

/// <summary>
/// The dependency monitor (issue #15 §2) on hand-made windows: App Insights dependency calls (Target in Detail) against
/// the Azure OpenAI requests of the same deployment (the model's own time).
/// </summary>
public class DependencyLatencyMonitorTests
{
    private const long Window = 60_000;
    private const long T0 = 1_764_000_000_000 - (1_764_000_000_000 % Window);
    private const string Target = "HTTP|aoai-prod-eastus2.openai.azure.com";
    private static readonly DimsPool Pool = new();

    private static SeriesDims Dims(TelemetrySource source, string deployment = "chat-prod") =>
        Pool.Intern(new DimsKey(source, deployment, "gpt-4o", "2024-08-06", source == TelemetrySource.AppInsights ? "llm-inference" : "ChatCompletions_Create", "/R", "", ""));

    private static TelemetryEvent Call(long t, double ms, TelemetrySource source, string? target = Target, string deployment = "chat-prod")
    {
        var e = TelemetryEvent.NewRequest(t, Dims(source, deployment));
        e.LatencyMs = ms;
        e.Status = 200;
        e.Success = true;
        e.Detail = source == TelemetrySource.AppInsights ? target : "10.0.0.***";
        return e;
    }

    /// <summary>
    /// One window: <paramref name="calls"/> model requests with alternating latencies around <paramref name="modelMs"/>
    /// (± <paramref name="spread"/>), each also seen by the caller <paramref name="pathMs"/> (± <paramref name="pathSpread"/>) later.
    /// </summary>
    private static void Feed(DependencyLatencyMonitor m, int w, double modelMs, double pathMs, int calls = 30, double spread = 50,
        double pathSpread = 0, bool withModel = true)
    {
        for (var i = 0; i < calls; i++)
        {
            var t = T0 + (w * Window) + (i * (Window / (calls + 1)));
            var model = modelMs + (i % 2 == 0 ? spread : -spread);
            if (withModel)
            {
                m.Observe(Call(t, model, TelemetrySource.AzureOpenAI));
            }

            m.Observe(Call(t, model + pathMs + (i % 2 == 0 ? pathSpread : -pathSpread), TelemetrySource.AppInsights));
        }
    }

    private static List<AlertEvent> Run(DependencyLatencyMonitor m, int windows, Func<int, (double Model, double Path, double PathSpread)> shape,
        bool withModel = true)
    {
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < windows; w++)
        {
            var (model, path, pathSpread) = shape(w);
            Feed(m, w, model, path, pathSpread: pathSpread, withModel: withModel);
            m.AdvanceWatermark(T0 + ((w + 1) * Window), alerts);
        }

        m.AdvanceWatermark(long.MaxValue, alerts);
        return alerts;
    }

    [Fact]
    public void SteadyTraffic_NoAlert()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());

        Assert.Empty(Run(m, 20, _ => (1000, 30, 5)));
        Assert.Equal(1, m.Targets);
    }

    [Fact]
    public void SlowerOnTheWay_PathAlertFiresThenResolves()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());

        var alerts = Run(m, 20, w => (1000, w is >= 10 and < 14 ? 530 : 30, 5));

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(DependencyRules.Path, firing.Rule);
        Assert.StartsWith(NetworkRules.Prefix, firing.Rule, StringComparison.Ordinal); // the network cause
        Assert.Equal(T0 + (10 * Window), firing.StartsAtMs);
        Assert.InRange(firing.Value, 480, 580);
        Assert.Equal("chat-prod", firing.Deployment);
        Assert.Equal("2024-08-06", firing.ModelVersion);
        Assert.Equal("llm-inference", firing.Operation);
        Assert.Equal("Target=" + Target, firing.OtherDims);
        Assert.Equal(DependencyRules.PathMs, firing.Metric);
        Assert.Contains("on the way to the model, not in it", firing.Summary, StringComparison.Ordinal);
        var resolved = Assert.Single(alerts, a => a.Status == AlertStatus.Resolved);
        Assert.Equal(firing.AlertId, resolved.AlertId);
        Assert.Equal(T0 + (14 * Window), resolved.EndsAtMs);
    }

    [Fact]
    public void ModelItselfSlower_NoNetworkAlert()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());

        // The caller's p50 rises by 1.5 s, all of it inside the model: the latency rules speak for that, not the network.
        Assert.Empty(Run(m, 20, w => (w is >= 10 and < 14 ? 2500 : 1000, 30, 5)));
    }

    [Fact]
    public void WithoutTheModelsSide_NoPathJudgement()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());

        var alerts = Run(m, 20, w => (1000, w is >= 10 and < 14 ? 530 : 30, 5), withModel: false);

        Assert.DoesNotContain(alerts, a => a.Rule == DependencyRules.Path);
    }

    [Fact]
    public void SpreadAddedOnTheWay_JitterAlert()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());

        // Consecutive calls alternate ±300 ms on the way: 700 ms between neighbours against the model's 100 ms.
        var alerts = Run(m, 20, w => (1000, 30, w is >= 10 and < 13 ? 300 : 5));

        // (Two alternating values also move the caller's p50 by half the swing, so the path rule may speak too.)
        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing && a.Rule == DependencyRules.Jitter);
        Assert.Equal(T0 + (10 * Window), firing.StartsAtMs);
        Assert.Equal(600, firing.Value, 6); // neighbours 1380 / 680 ms apart by 700, minus the model's 100
        Assert.Equal(DependencyRules.JitterMs, firing.Metric);
    }

    [Fact]
    public void ModelSideMissingForAWhile_JitterNotJudgedAgainstTheExcessBaseline()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < 20; w++)
        {
            Feed(m, w, 1000, 30, pathSpread: 5, withModel: w is < 10 or >= 14); // an export gap of the AOAI logs
            m.AdvanceWatermark(T0 + ((w + 1) * Window), alerts);
        }

        Assert.Empty(alerts);
    }

    [Fact]
    public void NeverPaired_JudgedOnItsOwnJitter()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());

        var alerts = Run(m, 20, w => (1000, 30, w is >= 10 and < 13 ? 300 : 5), withModel: false);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(DependencyRules.Jitter, firing.Rule);
    }

    [Fact]
    public void TooFewCalls_NotJudged()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions { MinCalls = 50 });

        Assert.Empty(Run(m, 20, w => (1000, w >= 10 ? 530 : 30, 5)));
    }

    [Fact]
    public void CallForAClosedWindow_CountedLate()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());
        var alerts = new List<AlertEvent>();
        m.Observe(Call(T0 + 5, 100, TelemetrySource.AppInsights));
        m.AdvanceWatermark(T0 + Window, alerts);

        m.Observe(Call(T0 + 10, 100, TelemetrySource.AppInsights));
        m.Observe(Call(T0 + 10, 100, TelemetrySource.AzureOpenAI));

        Assert.Equal(2, m.Late);
    }

    [Fact]
    public void TargetsBeyondTheBound_CountedUntracked()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions { MaxTargets = 2 });

        for (var i = 0; i < 5; i++)
        {
            m.Observe(Call(T0, 100, TelemetrySource.AppInsights, "HTTP|host-" + i));
        }

        Assert.Equal(2, m.Targets);
        Assert.Equal(3, m.Untracked);
    }

    [Fact]
    public void OtherEvents_Ignored()
    {
        var m = new DependencyLatencyMonitor(new DependencyMonitorOptions());
        var noTarget = Call(T0, 100, TelemetrySource.AppInsights, target: null);
        var noLatency = Call(T0, double.NaN, TelemetrySource.AppInsights);
        var sample = TelemetryEvent.NewSample(EventKind.MetricPoint, T0, Dims(TelemetrySource.AppInsights), "exceptions", 1);

        m.Observe([noTarget, noLatency, sample]);

        Assert.Equal(0, m.Targets);
        Assert.Equal(0, m.Untracked);
    }

    [Fact]
    public void SameEvents_SameAlerts()
    {
        static List<AlertEvent> Once() => Run(new DependencyLatencyMonitor(new DependencyMonitorOptions()), 20, w => (1000, w is >= 10 and < 14 ? 530 : 30, w >= 15 ? 300 : 5));

        Assert.Equal(Once(), Once());
    }

    [Theory]
    [InlineData("window", 0)]
    [InlineData("maxTargets", 1)]
    [InlineData("minBaselineWindows", 2)]
    [InlineData("baselineAlpha", 3)]
    [InlineData("minCalls", 4)]
    [InlineData("pathFactor", 5)]
    [InlineData("pathShare", 6)]
    [InlineData("jitterFactor", 7)]
    public void InvalidOptions_ThrowNamingTheSetting(string setting, int which)
    {
        var o = new DependencyMonitorOptions();
        o = which switch
        {
            0 => o with { Window = TimeSpan.FromMilliseconds(10) },
            1 => o with { MaxTargets = 0 },
            2 => o with { MinBaselineWindows = 0 },
            3 => o with { BaselineAlpha = 1.5 },
            4 => o with { MinCalls = 1 },
            5 => o with { PathFactor = 1 },
            6 => o with { PathShare = 0 },
            _ => o with { JitterFactor = 0.5 },
        };

        var error = Assert.Throws<ArgumentException>(() => new DependencyLatencyMonitor(o));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathAndJitterRules_AreNetworkCause()
    {
        Assert.Equal(IncidentCause.Network, IncidentCatalog.Cause(IncidentKind.DependencyLatency));
        Assert.StartsWith(NetworkRules.Prefix, DependencyRules.Jitter, StringComparison.Ordinal);
    }
}
