using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using static AiObsStream.Core.Tests.Incidents.IncidentFeed;

namespace AiObsStream.Core.Tests.Incidents;

/// <summary>Alerts an earlier, still-open incident explains: confounded regressions, idle versus normal GPUs, recoveries.</summary>
public class IncidentExplainedTests
{
    private static readonly RolloutEvent RolloutAt8 = new(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(8), 0.5);

    /// <summary>Steady load and a GPU row (host h1 serving chat-prod at <paramref name="util"/> %) for windows [from, to).</summary>
    private static void Serve(IncidentFeed feed, int from, int to, double requests = 100, double util = 60)
    {
        for (var w = from; w < to; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-prod", requests), Gpu(w, "chat-prod", "h1", util)]);
        }
    }

    private static Dictionary<string, double> EvidenceOf(IncidentEvent e) => e.Evidence.ToDictionary(x => x.Name, x => x.Value);

    // Rule 1: do not blame the version for what an earlier, still-open problem explains.
    [Fact]
    public void Process_LatencyRegressionAfterEarlierLatencyProblem_JoinsThatIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        var latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 2400, 1000);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")], [latency]); // normal load: unexplained
        Serve(feed, 6, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        var v2Latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 10, 2500, 1000, version: "v2");
        feed.Tick(10, Load(10, "chat-prod", 100, version: "v2"), [v2Latency]);
        var verdict = feed.Regression(12, "v2");
        feed.Tick(12, Load(12, "chat-prod", 100, version: "v2"), [verdict]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Unexplained, open.Cause);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
        var latest = feed.LatestOf(open.IncidentId);
        Assert.Contains(latest.Signals, s => s.Rule == RegressionOptions.RuleName);
        Assert.Equal(1, EvidenceOf(latest)["version_regression_confounded"]);
        Assert.Equal(1.5, EvidenceOf(latest)["version_regression_effect"]);
        Assert.EndsWith("; version v2 also worse, but the problem began before its release", latest.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_LatencyRegressionWhileHardwareFaultFires_JoinsTheHardwareIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")],
            [feed.Rule("gpu-temperature", MetricNames.GpuTempC, 5, 86, 83, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical)]);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(12, Load(12, "chat-prod", 100, version: "v2"), [feed.Regression(12, "v2", MetricNames.TtftMs)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.GpuHardware, open.Cause);
        Assert.Equal(1, EvidenceOf(feed.LatestOf(open.IncidentId))["version_regression_confounded"]);
    }

    [Fact]
    public void Process_PowerBackAfterThermalThrottleInRolloutHorizon_JoinsTheHoldingHardwareIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        var hot = feed.Rule("gpu-temperature", MetricNames.GpuTempC, 5, 86, 83, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")], [hot]);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(11, [.. Load(11, "chat-prod", 100, version: "v2"), Gpu(11, "chat-prod", "h1")],
            [Resolve(hot, 11), feed.Anomaly(MetricNames.PowerW, 11, 520, 380, version: "v2")]); // the resolve settles first

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.GpuHardware, open.Cause);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
        Assert.DoesNotContain(feed.LatestOf(open.IncidentId).Evidence, e => e.Name == "version_regression_confounded"); // no verdict: no claim
    }

    [Fact]
    public void Process_TokensRegressionWhileSpendAlertFires_JoinsTheSpendIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, Load(5, "chat-prod", 100), [feed.Rule("spend-surge", "cost_usd", 5, 9, 3)]);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(12, Load(12, "chat-prod", 100, version: "v2"), [feed.Regression(12, "v2", MetricNames.TokensTotal)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Spend, open.Cause);
        Assert.Equal(open.IncidentId, feed.Released[^1].IncidentId);
    }

    [Fact]
    public void Process_LatencyRegressionWhileOnlySpendFires_VersionRegression()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, Load(5, "chat-prod", 100), [feed.Rule("spend-surge", "cost_usd", 5, 9, 3)]);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(12, Load(12, "chat-prod", 100, version: "v2"), [feed.Regression(12, "v2")]); // spend does not explain latency

        Assert.Equal([IncidentCause.Spend, IncidentCause.VersionRegression], feed.Opened().Select(e => e.Cause));
        Assert.DoesNotContain(feed.Events, e => e.Evidence.Any(x => x.Name == "version_regression_confounded"));
    }

    [Fact]
    public void Process_EarlierProblemEndedBeforeRollout_HoldingIncidentDoesNotAbsorbTheRegression()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        var latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000);
        feed.Tick(5, Load(5, "chat-prod", 300), [latency]); // a burst: capacity
        Serve(feed, 6, 8, 110);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), [Resolve(latency, 8)], [RolloutAt8]); // ended as the rollout began
        feed.Tick(9, Load(9, "chat-prod", 100, version: "v2"), [feed.Regression(9, "v2")]); // the capacity incident is in its hold

        Assert.Equal([IncidentCause.Capacity, IncidentCause.VersionRegression], feed.Opened().Select(e => e.Cause));
    }

    [Fact]
    public void Process_ProblemThatBeganAfterTheRollout_DoesNotAbsorbTheRegression()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(9, Load(9, "chat-prod", 100, version: "v2"),
            [feed.Rule("gpu-temperature", MetricNames.GpuTempC, 9, 86, 83, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical)]);
        feed.Tick(12, Load(12, "chat-prod", 100, version: "v2"), [feed.Regression(12, "v2")]);

        Assert.Equal([IncidentCause.GpuHardware, IncidentCause.VersionRegression], feed.Opened().Select(e => e.Cause));
    }

    // Rule 2: an idle GPU is idle; a drop to a normal level belongs to what it returns from.
    [Theory]
    [InlineData(12, 30, IncidentCause.GpuUnderutilized)] // below the idle level
    [InlineData(45, 30, IncidentCause.Unexplained)] // a drop, but busy: nothing open to return from
    [InlineData(45, 50, IncidentCause.GpuUnderutilized)] // a site whose idle level is higher
    public void Process_UtilizationAnomalyDown_UnderutilizedOnlyBelowTheIdleLevel(double value, double idle, IncidentCause cause)
    {
        var feed = new IncidentFeed(new IncidentOptions { IdleUtilization = idle });
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1", value)], [feed.Anomaly(MetricNames.GpuUtil, 5, value, 80)]);
        Assert.Equal(cause, Assert.Single(feed.Opened()).Cause);
    }

    [Theory]
    [InlineData(5, IncidentCause.GpuUnderutilized)]
    [InlineData(60, IncidentCause.Unexplained)]
    public void Process_PowerAnomalyDown_UnderutilizedOnlyWhenTheGpuIsIdle(double util, IncidentCause cause)
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1", util)], [feed.Anomaly(MetricNames.PowerW, 5, 90, 250)]);
        Assert.Equal(cause, Assert.Single(feed.Opened()).Cause);
    }

    [Fact]
    public void Process_UtilizationBackToNormalAfterASurge_JoinsTheSurgeIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        var latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000);
        feed.Tick(5, [.. Load(5, "chat-prod", 300), Gpu(5, "chat-prod", "h1", 95)], [latency]);
        feed.Tick(6, [.. Load(6, "chat-prod", 100), Gpu(6, "chat-prod", "h1", 55)], [Resolve(latency, 6), feed.Anomaly(MetricNames.GpuUtil, 6, 55, 90)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Capacity, open.Cause);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
    }

    // Rule 3: the recovery of a signal belongs to its incident.
    [Fact]
    public void Process_GpuBackToWorkAfterIdlePeriod_JoinsTheUnderutilizedIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        var idle = feed.Anomaly(MetricNames.GpuUtil, 5, 2, 60);
        feed.Tick(5, [.. Load(5, "chat-prod", 10), Gpu(5, "chat-prod", "h1", 2)], [idle]);
        feed.Tick(6, [.. Load(6, "chat-prod", 10), Gpu(6, "chat-prod", "h1", 2)], [Resolve(idle, 6)]);
        feed.Tick(9, [.. Load(9, "chat-prod", 100), Gpu(9, "chat-prod", "h1", 60)],
            [feed.Anomaly(MetricNames.GpuUtil, 9, 60, 3), feed.Anomaly(MetricNames.PowerW, 9, 300, 80)]); // inside the 5-min hold

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.GpuUnderutilized, open.Cause);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
    }

    [Fact]
    public void Process_RiseOnAnotherHostOrAfterTheHold_NotARecovery()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        var idle = feed.Anomaly(MetricNames.GpuUtil, 5, 2, 60);
        feed.Tick(5, [.. Load(5, "chat-prod", 10), Gpu(5, "chat-prod", "h1", 2)], [idle]);
        feed.Tick(6, [.. Load(6, "chat-prod", 10), Gpu(6, "chat-prod", "h1", 2)], [Resolve(idle, 6)]);
        feed.Tick(8, Load(8, "chat-prod", 100), [feed.Anomaly(MetricNames.GpuUtil, 8, 60, 3, deployment: "other", host: "h2")]);
        feed.Tick(20, Load(20, "chat-prod", 100), [feed.Anomaly(MetricNames.GpuUtil, 20, 60, 3)]); // the idle incident resolved at 12

        Assert.Equal([IncidentCause.GpuUnderutilized, IncidentCause.Unexplained, IncidentCause.Unexplained], feed.Opened().Select(e => e.Cause));
    }

    [Fact]
    public void SaveState_RestoreMidConfoundedIncident_SameEventsAsUninterrupted()
    {
        static void Script(IncidentFeed feed, int from, int to)
        {
            for (var w = from; w < to; w++)
            {
                var alerts = w switch
                {
                    5 => [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 2400, 1000) with { AlertId = "latency" }],
                    12 => [feed.Regression(12, "v2") with { AlertId = "verdict" }],
                    _ => new List<AlertEvent>(),
                };
                feed.Tick(w, [.. Load(w, "chat-prod", 100, version: w >= 8 ? "v2" : "v1"), Gpu(w, "chat-prod", "h1", 20)], alerts, w == 8 ? [RolloutAt8] : null);
            }
        }

        var whole = new IncidentFeed();
        Script(whole, 0, 14);
        var first = new IncidentFeed();
        Script(first, 0, 9);
        var second = first.Restored();
        Script(second, 9, 14);
        Assert.Equal(whole.Events.Select(e => (e.IncidentId, e.Status, e.Summary)), first.Events.Concat(second.Events).Select(e => (e.IncidentId, e.Status, e.Summary)));
        Assert.Contains("also worse", whole.Events[^1].Summary, StringComparison.Ordinal);
    }
}
