using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Simulation;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Simulation;

/// <summary>
/// The content-filter-jump incident (issue #15 §1 "Content safety"): the simulator's campaign and base rate, the
/// content-filter share rows of the aggregator and the default <c>content-filter-share</c> rule on them.
/// </summary>
public class ContentFilterJumpTests
{
    private const long Minute = 60_000;
    private static readonly DimsPool Pool = new();
    private static readonly long Start = SimulationOptions.DefaultStart.ToUnixTimeMilliseconds();

    /// <summary>The App Insights dependency events of a run, as the parser reads what AppInsightsWriter writes.</summary>
    private static TelemetryEvent[] Events(SimulationResult run) => [.. run.Requests.Select(r =>
    {
        var d = SimFleet.Deployments[r.Deployment];
        var e = TelemetryEvent.NewRequest((r.EndTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond,
            Pool.Intern(new DimsKey(TelemetrySource.AppInsights, d.Name, d.Model, r.ModelVersion, "llm-inference", "", "", "")));
        e.Status = r.Status;
        e.Success = r.Status is >= 200 and < 400;
        e.LatencyMs = r.DurationMs;
        e.Metric = r.ContentFilter switch
        {
            SimContentFilter.Prompt => MetricNames.ContentFilterPrompt,
            SimContentFilter.Completion => MetricNames.ContentFilterCompletion,
            _ => null,
        };
        return e;
    })];

    private static List<MetricRow> Rows(TelemetryEvent[] events)
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process(events);
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        return [.. rows.Where(r => r.Kind == RowKind.Final)];
    }

    /// <summary>Runs the default rules window by window (empty windows too, as the engine does) over the content-filter rows.</summary>
    private static List<AlertEvent> Alerts(SimulationOptions options)
    {
        var rows = Rows(Events(TrafficSimulator.Generate(options)))
            .Where(r => r.Metric is MetricNames.ContentFilterPrompt or MetricNames.ContentFilterCompletion).ToList();
        var engine = new RuleEngine(DefaultRules.Set, new WindowSpec(TimeSpan.FromMinutes(1)));
        var alerts = new List<AlertEvent>();
        for (var m = 0; m < options.Minutes; m++)
        {
            var start = Start + (m * Minute);
            engine.EvaluateWindow(start, rows.Where(r => r.WindowStartMs == start).ToList(), alerts);
        }

        return alerts;
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(3, 3.0)]
    [InlineData(4, 0.5)]
    [InlineData(5, 1.0)]
    public void Jump_FiresOnChatProdWithinThreeMinutesOfTheOnset(int seed, double rateScale)
    {
        var alerts = Alerts(new SimulationOptions
        {
            Seed = seed, Minutes = 24, RateScale = rateScale, Incidents = [new IncidentSpec(IncidentKind.ContentFilterJump, 8)],
        });

        var firing = alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
        Assert.NotEmpty(firing);
        Assert.All(firing, a => Assert.Equal((DefaultRules.ContentFilterShare, SimFleet.ChatProd), (a.Rule, a.Deployment)));
        // One alert per model version (the simulator releases chat-prod mid-run, inside the jump): none flaps.
        Assert.InRange(firing.Select(a => a.AlertId).Distinct().Count(), 1, 2);
        Assert.Equal(firing.Select(a => a.AlertId).Distinct().Count(), firing.Select(a => a.ModelVersion).Distinct().Count());
        var first = firing[0];
        Assert.InRange(first.TimeGeneratedMs - Start, 8 * Minute, 11 * Minute);
        Assert.Contains(alerts, a => a.Status == AlertStatus.Resolved && a.AlertId == first.AlertId && a.EndsAtMs - Start <= 19 * Minute);
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(3, 3.0)]
    [InlineData(6, 0.5)]
    [InlineData(7, 1.0)]
    public void BaseRateOnly_NoContentFilterAlertInAnHour(int seed, double rateScale)
    {
        var alerts = Alerts(new SimulationOptions
        {
            Seed = seed, Minutes = 60, RateScale = rateScale, ContentFilterBaseShare = IncidentCatalog.ContentFilterBaseShare,
        });

        Assert.Empty(alerts);
    }

    [Fact]
    public void Simulator_JumpShareInsideBaseRateOutsideCampaignCallers()
    {
        var run = TrafficSimulator.Generate(new SimulationOptions
        {
            Seed = 9, Minutes = 30, RateScale = 3, Incidents = [new IncidentSpec(IncidentKind.ContentFilterJump, 10)],
        });
        var truth = Assert.Single(run.Truth.Incidents);
        var chat = run.Requests.Where(r => SimFleet.Deployments[r.Deployment].IsChat).ToList();
        long Ms(SimRequest r) => (r.EndTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;
        var inside = chat.Where(r => r.Deployment == 0 && Ms(r) >= truth.StartUnixMs + 5_000 && Ms(r) < truth.EndUnixMs).ToList();
        var outside = chat.Where(r => Ms(r) < truth.StartUnixMs || Ms(r) >= truth.EndUnixMs + 5_000).ToList();

        double Share(List<SimRequest> calls, SimContentFilter what) => calls.Count(r => r.ContentFilter == what) / (double)calls.Count;
        Assert.InRange(Share(inside, SimContentFilter.Prompt), 0.04, 0.17);
        Assert.InRange(Share(outside, SimContentFilter.Prompt), 0.0005, 0.005);
        Assert.InRange(Share(outside, SimContentFilter.Completion), 0.0002, 0.003);
        Assert.All(chat.Where(r => r.ContentFilter == SimContentFilter.Prompt), r => Assert.Equal(400, r.Status));
        Assert.All(chat.Where(r => r.ContentFilter == SimContentFilter.Completion), r => Assert.Equal(200, r.Status));
        Assert.DoesNotContain(run.Requests, r => !SimFleet.Deployments[r.Deployment].IsChat && r.ContentFilter != SimContentFilter.None);

        var campaign = inside.Where(r => r.ContentFilter == SimContentFilter.Prompt).ToList();
        var fromCampaign = campaign.Count(r => r.CallerOctet is IncidentCatalog.CampaignCallerOctet or IncidentCatalog.CampaignCallerOctet + 1);
        Assert.InRange(fromCampaign / (double)campaign.Count, 0.75, 1.0);
        Assert.DoesNotContain(outside, r => r.CallerOctet is IncidentCatalog.CampaignCallerOctet or IncidentCatalog.CampaignCallerOctet + 1);
    }

    [Theory]
    [InlineData(IncidentKind.CallerSurge)]
    [InlineData(IncidentKind.LoadBurst)]
    [InlineData(IncidentKind.VersionRegression)]
    public void OtherRuns_NoContentFiltering_StreamsAsBefore(IncidentKind kind)
    {
        var options = new SimulationOptions { Seed = 4, Minutes = 20, RateScale = 0.5, Incidents = [new IncidentSpec(kind, 8)] };

        var run = TrafficSimulator.Generate(options);

        Assert.All(run.Requests, r => Assert.Equal(SimContentFilter.None, r.ContentFilter));
        Assert.DoesNotContain(run.Requests, r => r.Status == 400);
    }

    [Fact]
    public void Aggregator_ContentFilterRowsOnlyWhereFiltered_ShareOfTheSeriesRequests()
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AppInsights, "chat-prod", "gpt-4o", "2024-08-06", "llm-inference", "", "", ""));
        var quiet = Pool.Intern(new DimsKey(TelemetrySource.AppInsights, "chat-mini", "gpt-4o-mini", "2024-07-18", "llm-inference", "", "", ""));
        var events = new List<TelemetryEvent>();
        for (var i = 0; i < 40; i++)
        {
            var e = TelemetryEvent.NewRequest(1_000 + i, dims);
            e.Status = i < 4 ? 400 : 200;
            e.Success = i >= 4;
            e.Metric = i < 4 ? MetricNames.ContentFilterPrompt : i == 4 ? MetricNames.ContentFilterCompletion : null;
            events.Add(e);
            var q = TelemetryEvent.NewRequest(1_000 + i, quiet);
            q.Status = 200;
            q.Success = true;
            events.Add(q);
        }

        var rows = Rows([.. events]);

        var prompt = Assert.Single(rows, r => r.Metric == MetricNames.ContentFilterPrompt);
        Assert.Equal((4L, 0.1, "chat-prod"), (prompt.Count, prompt.Share, prompt.Dims.Deployment));
        var completion = Assert.Single(rows, r => r.Metric == MetricNames.ContentFilterCompletion);
        Assert.Equal((1L, 0.025), (completion.Count, completion.Share));
        Assert.DoesNotContain(rows, r => r.Dims == quiet && r.Metric is MetricNames.ContentFilterPrompt or MetricNames.ContentFilterCompletion);
        Assert.Equal(4, rows.Single(r => r.Dims == dims && r.Metric == MetricNames.Errors).Count); // the 400s stay errors too
    }

    [Fact]
    public void Checkpoint_OpenContentFilterSlots_SplitRunEqualsStraightRun()
    {
        // The content-filter slots are new values of the fixed-slot mask, not a new state format: a split run restores them.
        var events = Events(TrafficSimulator.Generate(new SimulationOptions
        {
            Seed = 2, Minutes = 12, RateScale = 0.5, Incidents = [new IncidentSpec(IncidentKind.ContentFilterJump, 3)],
        }));
        var cut = Start + (6 * Minute) + 30_000; // inside an open window of the jump
        var straight = new WindowedAggregator(EventTimeOptions.Default);
        var first = new WindowedAggregator(EventTimeOptions.Default);
        straight.Process(events);
        first.Process([.. events.Where(e => e.TimeUnixMs < cut)]);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.SaveState(w);
        }

        var second = new WindowedAggregator(EventTimeOptions.Default);
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer))
        {
            second.RestoreState(r);
        }

        second.Process([.. events.Where(e => e.TimeUnixMs >= cut)]);
        var rowsStraight = new List<MetricRow>();
        var rowsSplit = new List<MetricRow>();
        straight.AdvanceWatermark(long.MaxValue, rowsStraight);
        second.AdvanceWatermark(long.MaxValue, rowsSplit);

        Assert.Equal(rowsStraight, rowsSplit);
        Assert.Contains(rowsSplit, r => r.Metric == MetricNames.ContentFilterPrompt && r.WindowStartMs == Start + (6 * Minute) && r.Count >= 1);
    }

    [Fact]
    public void Rule_ContentFilterShare_GatedOnThreeFilteredCalls()
    {
        // A row with fewer than MinCount (3) filtered calls is not judged: 2 of 20 requests (10 %) on a quiet series does not fire.
        var rule = DefaultRules.All.Single(r => r.Name == DefaultRules.ContentFilterShare);

        Assert.Equal(MetricNames.ContentFilterPrompt, rule.Metric);
        Assert.Equal(Statistic.Share, rule.Statistic);
        Assert.Equal(3, rule.MinCount);
        Assert.True(DefaultRules.IsContentFilterRule(DefaultRules.ContentFilterCompletionShare));
        Assert.False(DefaultRules.IsContentFilterRule("http-429-share"));
    }

    [Fact]
    public void Catalog_NamesParsesAndDescribesTheKind()
    {
        Assert.Equal("content-filter-jump", IncidentCatalog.Name(IncidentKind.ContentFilterJump));
        Assert.Equal("dependency-latency", IncidentCatalog.Name(IncidentKind.DependencyLatency));
        Assert.True(IncidentCatalog.TryParseKind("Content-Filter-Jump", out var kind));
        Assert.Equal(IncidentKind.ContentFilterJump, kind);
        Assert.Equal(IncidentCause.Security, IncidentCatalog.Cause(IncidentKind.ContentFilterJump));
        Assert.Equal([DefaultRules.ContentFilterShare], IncidentCatalog.ExpectedSignals(IncidentKind.ContentFilterJump));
        Assert.Equal(SimFleet.ChatProd, IncidentCatalog.Deployment(IncidentKind.ContentFilterJump));
        Assert.Equal(TimeSpan.FromMinutes(8), IncidentCatalog.Duration(IncidentKind.ContentFilterJump));
        Assert.Contains("10.0%", IncidentCatalog.Effect(IncidentKind.ContentFilterJump), StringComparison.Ordinal);
        Assert.Equal(IncidentCatalog.All.Count, IncidentCatalog.All.Select(IncidentCatalog.Name).Distinct().Count());
    }

    [Fact]
    public void Options_BaseShareOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { ContentFilterBaseShare = -0.01 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { ContentFilterBaseShare = 0.2 }.Validate());
    }
}
