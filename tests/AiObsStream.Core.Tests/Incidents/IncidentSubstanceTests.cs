using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Versions;
using static AiObsStream.Core.Tests.Incidents.IncidentFeed;

namespace AiObsStream.Core.Tests.Incidents;

/// <summary>
/// What is not an incident by itself (a breach inside the margin, a breach the deployment never was without, a request
/// metric's drift with no verdict), and how the regression verdict names an incident a new version's alerts opened.
/// </summary>
public class IncidentSubstanceTests
{
    private static readonly RolloutEvent RolloutAt8 = new(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(8), 0.5);

    private static void Serve(IncidentFeed feed, int from, int to, string version = "v1")
    {
        for (var w = from; w < to; w++)
        {
            feed.Tick(w, Load(w, "chat-prod", 100, version: version));
        }
    }

    [Theory]
    [InlineData(1009, false)]
    [InlineData(1099, false)]
    [InlineData(1100, true)]
    [InlineData(3200, true)]
    public void Process_WarningBreach_OpensAnIncidentOnlyBeyondTheMargin(double p95, bool incident)
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, Load(5, "chat-prod", 100), [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, p95, 1000)]);
        feed.Tick(12);

        Assert.Equal(incident ? 1 : 0, feed.Opened().Count);
        Assert.Equal(incident ? 0 : 1, feed.Correlator.Marginals);
        Assert.Equal(incident, feed.Released.Single().IncidentId.Length > 0);
    }

    [Fact]
    public void Process_CriticalBreachInsideTheMargin_StillAnIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, Load(5, "chat-prod", 100),
            [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 1010, 1000, severity: AiObsStream.Core.Rules.Severity.Critical)]);

        Assert.Single(feed.Opened());
    }

    [Fact]
    public void Process_BreachFromTheDeploymentsFirstWindows_IsStandingNotAnIncident()
    {
        var feed = new IncidentFeed();
        feed.Tick(0, Load(0, "chat-prod", 100), [feed.Rule("latency-p95", MetricNames.LatencyMs, 0, 2400, 1000)]);
        Serve(feed, 1, 10);

        Assert.Empty(feed.Opened());
        Assert.Equal(1, feed.Correlator.StandingBreaches);
        Assert.Equal(string.Empty, feed.Released.Single().IncidentId);
    }

    [Fact]
    public void Process_StandingBreach_DoesNotSwallowALaterRegressionVerdict()
    {
        var feed = new IncidentFeed();
        feed.Tick(0, Load(0, "chat-prod", 100), [feed.Rule("latency-p95", MetricNames.LatencyMs, 0, 2400, 1000)]);
        Serve(feed, 1, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(10, Load(10, "chat-prod", 100, version: "v2"), [feed.Regression(10, "v2")]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.VersionRegression, open.Cause);
    }

    [Fact]
    public void Process_NewVersionBreachWithoutVerdict_IsNotBlamedOnTheVersion()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(9, Load(9, "chat-prod", 100, version: "v2"), [feed.Rule("latency-p95", MetricNames.LatencyMs, 9, 2500, 1000, version: "v2")]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Unexplained, open.Cause);
    }

    [Fact]
    public void Process_VerdictAfterTheNewVersionsBreach_NamesThatIncidentAVersionRegression()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(9, Load(9, "chat-prod", 100, version: "v2"), [feed.Rule("latency-p95", MetricNames.LatencyMs, 9, 2500, 1000, version: "v2")]);
        feed.Tick(11, Load(11, "chat-prod", 100, version: "v2"), [feed.Regression(11, "v2")]);

        var open = Assert.Single(feed.Opened());
        var latest = feed.LatestOf(open.IncidentId);
        Assert.Equal(IncidentStatus.Updated, latest.Status);
        Assert.Equal(IncidentCause.VersionRegression, latest.Cause);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
    }

    [Fact]
    public void Process_VerdictForAnotherVersionsIncident_OpensItsOwn()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, Load(5, "chat-prod", 100), [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 2500, 1000)]); // v1, before the rollout
        feed.Tick(6, Load(6, "chat-prod", 100), [Resolve(feed.Released[0], 6)]);
        Serve(feed, 7, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(10, Load(10, "chat-prod", 100, version: "v2"), [feed.Regression(10, "v2")]);

        Assert.Equal([IncidentCause.Unexplained, IncidentCause.VersionRegression], feed.Opened().Select(e => e.Cause));
    }

    [Fact]
    public void Process_DriftOfARequestMetricWithoutVerdict_NoIncident_OfAnEvaluationScore_QualityDrift()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 8);
        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        feed.Tick(10, Load(10, "chat-prod", 100, version: "v2"),
            [feed.Rule(QualityDriftOptions.RuleName, MetricNames.TokensCompletion, 10, 0.5, 0.2, source: "AppInsights", version: "v2")]);
        Assert.Empty(feed.Opened());
        Assert.Equal(1, feed.Correlator.UsageDrifts);

        feed.Tick(11, Load(11, "chat-prod", 100, version: "v2"),
            [feed.Rule(QualityDriftOptions.RuleName, "groundedness", 11, 0.5, 0.2, source: "AppInsights", version: "v2")]);
        Assert.Equal(IncidentCause.QualityDrift, Assert.Single(feed.Opened()).Cause);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(10.5)]
    [InlineData(double.NaN)]
    public void Validate_BadBreachMargin_NamesTheSetting(double margin)
    {
        var e = Assert.Throws<ArgumentException>(() => new IncidentOptions { MinBreachMargin = margin }.Validate());
        Assert.Contains("incidents.minBreachMargin", e.Message, StringComparison.Ordinal);
    }
}
