using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using static AiObsStream.Core.Tests.Incidents.IncidentFeed;

namespace AiObsStream.Core.Tests.Incidents;

public class IncidentCorrelatorTests
{
    private static List<AlertEvent> FromAllSources(IncidentFeed feed, string rule, string metric, int window, double value, double threshold,
        string version = "v1", string deployment = "chat-prod") =>
        [.. new[] { "AzureOpenAI", "AppInsights", "Log" }.Select(s => feed.Rule(rule, metric, window, value, threshold, s, deployment, version))];

    [Fact]
    public void Process_BurstSeenByThreeSources_OneCapacityIncidentWithOneSignalPerRule()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var alerts = FromAllSources(feed, "latency-p95", MetricNames.LatencyMs, 5, 3200, 1000);
        alerts[1] = alerts[1] with { Value = 3300 }; // App Insights measures a bit more (client side)
        alerts.AddRange(FromAllSources(feed, "http-429-share", MetricNames.Http429, 5, 0.44, 0.01));
        feed.Tick(5, Load(5, "chat-prod", 260, 114), alerts);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Capacity, open.Cause);
        Assert.Equal(2, open.Signals.Count);
        var latency = open.Signals.Single(s => s.Rule == "latency-p95");
        Assert.Equal(["AppInsights", "AzureOpenAI", "Log"], latency.Sources);
        Assert.Equal("AzureOpenAI", latency.Source); // the service-side log is trusted for latency
        Assert.Equal(3200, latency.Peak);
        Assert.Equal(3, latency.Alerts);
        var evidence = open.Evidence.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(["requests_per_min", "baseline_requests_per_min", "load_ratio", "http_429_share"], open.Evidence.Select(e => e.Name));
        Assert.Equal(2.6, evidence["load_ratio"], 3); // from one source, not summed over the three
        Assert.Equal(100, evidence["baseline_requests_per_min"]);
        Assert.Contains("Capacity: chat-prod load 2.6× baseline", open.Summary, StringComparison.Ordinal);
        Assert.Contains("(3 sources)", open.Summary, StringComparison.Ordinal);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
        var notice = Assert.Single(feed.Notices);
        Assert.Equal("incident:capacity", notice.Rule);
        Assert.Equal(open.IncidentId, notice.AlertId);
    }

    [Fact]
    public void Process_RolloutThenSlowerVersionAtNormalLoad_VersionRegression()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var rollout = new RolloutEvent(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(5), 0.3);
        feed.Tick(5, Load(5, "chat-prod", 105, version: "v2"), [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 2500, 1000, version: "v2"), feed.Regression(5, "v2")], [rollout]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.VersionRegression, open.Cause);
        Assert.Equal(["v2"], open.ModelVersions);
        Assert.Equal(["latency-p95", RegressionOptions.RuleName], open.Signals.Select(s => s.Rule));
        var evidence = open.Evidence.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(1.5, evidence["effect"]);
        Assert.Equal(0.999, evidence["confidence"]);
    }

    [Fact]
    public void Process_BurstRightAfterRollout_CapacityTakesLoadAlertsRegressionKeepsVerdict()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var rollout = new RolloutEvent(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(5), 0.5);
        var latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000, version: "v2");
        var throttled = feed.Rule("http-429-share", MetricNames.Http429, 5, 0.3, 0.01, version: "v2");
        feed.Tick(5, Load(5, "chat-prod", 300, 90, "v2"), [latency, throttled, feed.Regression(5, "v2")], [rollout]);

        var opened = feed.Opened();
        Assert.Equal(2, opened.Count);
        var capacity = Assert.Single(opened, e => e.Cause == IncidentCause.Capacity);
        var regression = Assert.Single(opened, e => e.Cause == IncidentCause.VersionRegression);
        Assert.Equal(["http-429-share", "latency-p95"], capacity.Signals.Select(s => s.Rule));
        Assert.Equal([RegressionOptions.RuleName], regression.Signals.Select(s => s.Rule));
    }

    [Fact]
    public void Process_GpuMemoryAndIdleGpu_GpuMemoryAndUnderutilizedIncidents()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var memory = feed.Rule("gpu-memory", MetricNames.FbUsedPct, 5, 96, 95, "DCGM", host: "h1", severity: Severity.Critical);
        var idle = feed.Anomaly(MetricNames.GpuUtil, 5, 0, 40);
        feed.Tick(5, [.. Load(5, "chat-prod", 90), Gpu(5, "chat-prod", "h1", 0)], [idle, memory]);

        var opened = feed.Opened();
        Assert.Equal(2, opened.Count);
        var gpuMemory = Assert.Single(opened, e => e.Cause == IncidentCause.GpuMemory);
        Assert.Equal(Severity.Critical, gpuMemory.Severity);
        Assert.Equal(96, gpuMemory.Evidence.Single(e => e.Name == "fb_used_pct_peak").Value);
        var underutilized = Assert.Single(opened, e => e.Cause == IncidentCause.GpuUnderutilized);
        Assert.Equal(0, underutilized.Evidence.Single(e => e.Name == "gpu_util_mean").Value);
    }

    [Fact]
    public void Process_SmallMemoryAnomalyDuringSurge_BelongsToTheCapacityIncident()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var rows = Load(5, "chat-prod", 250);
        rows.Add(Gpu(5, "chat-prod", "h1"));
        feed.Tick(5, rows, [feed.Anomaly(MetricNames.FbUsedPct, 5, 5.3, 4.9), feed.Anomaly(MetricNames.PowerW, 5, 320, 220), feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Capacity, open.Cause);
        Assert.Equal(["h1"], open.Hosts);
    }

    [Fact]
    public void Process_HardwareFaultOnServingHost_AbsorbsLatencyOfItsDeployments()
    {
        var feed = new IncidentFeed();
        feed.Tick(0, [.. Load(0, "chat-prod", 100), Gpu(0, "chat-prod", "h1")]);
        var xid = feed.Rule("gpu-xid-critical", MetricNames.XidCritical, 1, 1, 0, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical);
        feed.Tick(1, Load(1, "chat-prod", 100), [xid, feed.Rule("latency-p95", MetricNames.LatencyMs, 1, 2000, 1000), feed.Rule("ttft-p95", MetricNames.TtftMs, 1, 3000, 2000, "AppInsights")]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.GpuHardware, open.Cause);
        Assert.Equal(["gpu-xid-critical", "latency-p95", "ttft-p95"], open.Signals.Select(s => s.Rule));
        Assert.Single(feed.Notices); // one announcement: the latency alerts are not paged on their own
    }

    [Fact]
    public void Process_TwoDeploymentsSharingAHost_OneCapacityIncident()
    {
        var feed = new IncidentFeed();
        for (var w = 0; w < 5; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-a", 100), .. Load(w, "chat-b", 50), Gpu(w, "chat-a", "h1"), Gpu(w, "chat-b", "h1")]);
        }

        var alerts = new List<AlertEvent>
        {
            feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000, deployment: "chat-a"),
            feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 2500, 1000, deployment: "chat-b"),
            feed.Rule("ttft-p95", MetricNames.TtftMs, 5, 2500, 2000, "AppInsights", deployment: "chat-b"),
        };
        feed.Tick(5, [.. Load(5, "chat-a", 300), .. Load(5, "chat-b", 50), Gpu(5, "chat-a", "h1"), Gpu(5, "chat-b", "h1")], alerts);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Capacity, open.Cause);
        Assert.Equal(["chat-a", "chat-b"], open.Deployments);
        Assert.Equal(["h1"], open.Hosts);
        Assert.Equal(3, open.Signals.Count);
    }

    [Fact]
    public void Process_HealthyStream_NoIncident()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 60, 100, "chat-prod");
        feed.Tick(60, watermarkMs: long.MaxValue);
        Assert.Empty(feed.Events);
        Assert.Empty(feed.Notices);
        Assert.Equal(0, feed.Correlator.OpenIncidents);
    }

    [Fact]
    public void Process_UnexplainedAnomaly_UnexplainedWithItsBand()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        feed.Tick(5, Load(5, "chat-prod", 100), [feed.Anomaly(MetricNames.QueueMs, 5, 900, 300, host: string.Empty, source: "AppInsights")]);
        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Unexplained, open.Cause);
        Assert.Equal(["value", "expected", "lower_bound", "upper_bound"], open.Evidence.Select(e => e.Name));
    }

    [Fact]
    public void Process_AnomalyMidWindow_HeldUntilTheWindowCloses()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var anomaly = feed.Anomaly(MetricNames.PowerW, 5, 320, 220);
        feed.Tick(5, alerts: [anomaly], watermarkMs: W(5) + 30_000);
        Assert.Empty(feed.Released);
        Assert.Equal(1, feed.Correlator.PendingAlerts);

        feed.Tick(5, [.. Load(5, "chat-prod", 300), Gpu(5, "chat-prod", "h1")]); // the window's load arrives: a surge
        var released = Assert.Single(feed.Released);
        Assert.Equal(IncidentCause.Capacity, Assert.Single(feed.Opened()).Cause);
        Assert.Equal(feed.Opened()[0].IncidentId, released.IncidentId);
    }

    [Fact]
    public void Process_AllAlertsResolved_ResolvesAfterTheHold()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000);
        feed.Tick(5, Load(5, "chat-prod", 300), [latency]);
        feed.Tick(6, Load(6, "chat-prod", 100), [Resolve(latency, 6)]);
        feed.Tick(9, watermarkMs: W(7) + (4 * Minute)); // 4 min after the resolve: held
        Assert.DoesNotContain(feed.Events, e => e.Status == IncidentStatus.Resolved);

        feed.Tick(10, watermarkMs: W(7) + (5 * Minute)); // no input, the watermark alone resolves it
        var resolved = Assert.Single(feed.Events, e => e.Status == IncidentStatus.Resolved);
        Assert.Equal(W(7), resolved.ResolvedAtMs);
        Assert.Equal(W(7) + (5 * Minute), resolved.TimeGeneratedMs);
        Assert.Equal(AlertStatus.Resolved, feed.Notices[^1].Status);
        Assert.Equal(0, feed.Correlator.OpenIncidents);
    }

    [Fact]
    public void Latest_ResolvedIncident_ItsResolvedState_AlsoAfterARestore()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var latency = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000);
        feed.Tick(5, Load(5, "chat-prod", 300), [latency]);
        var id = Assert.Single(feed.Opened()).IncidentId;
        Assert.NotEqual(IncidentStatus.Resolved, feed.Correlator.Latest(id)!.Status);
        feed.Tick(6, Load(6, "chat-prod", 100), [Resolve(latency, 6)]);
        feed.Tick(10, watermarkMs: W(7) + (5 * Minute));

        var resolved = Assert.Single(feed.Events, e => e.Status == IncidentStatus.Resolved);
        foreach (var latest in new[] { feed.Correlator.Latest(id), feed.Restored().Correlator.Latest(id) }) // the index is rebuilt on restore
        {
            Assert.NotNull(latest);
            Assert.Equal((id, IncidentStatus.Resolved, resolved.ResolvedAtMs, resolved.Summary), (latest.IncidentId, latest.Status, latest.ResolvedAtMs, latest.Summary));
        }

        Assert.Null(feed.Correlator.Latest("0000000000000000"));
    }

    [Fact]
    public void Process_RefireWithinHold_SameIncident_AfterResolve_NewIncident()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var first = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000);
        feed.Tick(5, Load(5, "chat-prod", 300), [first]);
        feed.Tick(6, Load(6, "chat-prod", 100), [Resolve(first, 6)]);
        feed.Tick(7, Load(7, "chat-prod", 310), [feed.Rule("latency-p95", MetricNames.LatencyMs, 7, 2800, 1000)]);
        Assert.Single(feed.Opened()); // re-fired inside the hold: the same incident
        Assert.Equal(feed.Released[0].IncidentId, feed.Released[2].IncidentId);

        feed.Tick(8, Load(8, "chat-prod", 100), [Resolve(feed.Released[2], 8)]);
        feed.Steady(9, 20, 100, "chat-prod");
        Assert.Single(feed.Events, e => e.Status == IncidentStatus.Resolved);
        feed.Tick(20, Load(20, "chat-prod", 400), [feed.Rule("latency-p95", MetricNames.LatencyMs, 20, 3000, 1000)]);
        var opened = feed.Opened();
        Assert.Equal(2, opened.Count);
        Assert.NotEqual(opened[0].IncidentId, opened[1].IncidentId);
    }

    [Fact]
    public void Process_SeverityEscalation_UpdatedAndReannounced_OtherUpdatesNot()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        feed.Tick(5, Load(5, "chat-prod", 300), [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000)]);
        feed.Tick(6, Load(6, "chat-prod", 300), [feed.Rule("ttft-p95", MetricNames.TtftMs, 6, 3000, 2000, "AppInsights"), feed.Rule("http-429-share", MetricNames.Http429, 6, 0.3, 0.01)]);
        Assert.Single(feed.Events, e => e.Status == IncidentStatus.Updated); // two signals added in one tick: one Updated
        Assert.Single(feed.Notices);

        feed.Tick(7, Load(7, "chat-prod", 300), [feed.Rule("http-429-share", MetricNames.Http429, 7, 0.6, 0.5, severity: Severity.Critical)]);
        Assert.Equal(2, feed.Notices.Count);
        Assert.Equal(Severity.Critical, feed.Notices[^1].Severity);
    }

    [Fact]
    public void Process_QualityDriftOfRolledOutVersion_SupportsTheRegressionIncident()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var rollout = new RolloutEvent(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(5), 0.3);
        feed.Tick(5, Load(5, "chat-prod", 100, version: "v2"), [feed.Regression(5, "v2")], [rollout]);
        var drift = feed.Rule("quality-drift", MetricNames.TokensCompletion, 6, 0.59, 0.2, "AppInsights", version: "v2");
        var groundedness = feed.Rule("quality-drift", "groundedness", 6, 0.4, 0.2, "AppInsights", version: "v2");
        feed.Tick(6, Load(6, "chat-prod", 100, version: "v2"), [drift, groundedness]);

        var opened = feed.Opened();
        Assert.Equal(2, opened.Count);
        var regression = feed.LatestOf(opened.Single(e => e.Cause == IncidentCause.VersionRegression).IncidentId);
        Assert.Contains(regression.Signals, s => s.Metric == MetricNames.TokensCompletion);
        Assert.Equal(IncidentCause.QualityDrift, opened.Single(e => e.Cause != IncidentCause.VersionRegression).Cause); // an evaluation score
    }

    [Theory]
    [InlineData("spend-weekly", "cost_usd", IncidentCause.Spend)]
    [InlineData("tpm-quota", MetricNames.TokensTotal, IncidentCause.Spend)]
    [InlineData("ingestion-silence", "ingest_records", IncidentCause.Ingestion)]
    [InlineData("gpu-temperature", MetricNames.GpuTempC, IncidentCause.GpuHardware)]
    [InlineData("gpu-underutilized", MetricNames.GpuUtil, IncidentCause.GpuUnderutilized)]
    [InlineData("quality-drift", "relevance", IncidentCause.QualityDrift)]
    [InlineData("model-version-regression", "groundedness", IncidentCause.QualityDrift)]
    public void Process_RuleWithItsOwnCause_ThatCause(string rule, string metric, IncidentCause cause)
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        feed.Tick(5, Load(5, "chat-prod", 400), [feed.Rule(rule, metric, 5, 2, 1)]); // a surge does not change an intrinsic cause
        Assert.Equal(cause, Assert.Single(feed.Opened()).Cause);
    }

    [Fact]
    public void Process_SameInput_SameIdsAndEvents()
    {
        static List<IncidentEvent> Run()
        {
            var feed = new IncidentFeed();
            feed.Steady(0, 5, 100, "chat-prod");
            feed.Tick(5, Load(5, "chat-prod", 300), [feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000)]);
            feed.Tick(30, watermarkMs: long.MaxValue);
            return feed.Events;
        }

        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(e => (e.IncidentId, e.Status, e.TimeGeneratedMs, e.Summary)), b.Select(e => (e.IncidentId, e.Status, e.TimeGeneratedMs, e.Summary)));
        Assert.Matches("^[0-9a-f]{16}$", a[0].IncidentId);
    }

    [Fact]
    public void SaveState_RestoreMidIncident_SameEventsAsUninterrupted()
    {
        static void Script(IncidentFeed feed, int from, int to)
        {
            for (var w = from; w < to; w++)
            {
                var alerts = new List<AlertEvent>();
                if (w == 5)
                {
                    alerts.Add(feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000) with { AlertId = "lat" });
                    alerts.Add(feed.Anomaly(MetricNames.PowerW, 6, 300, 200) with { AlertId = "pow" }); // pending across the split
                }

                if (w == 7)
                {
                    alerts.Add(Resolve(feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000) with { AlertId = "lat" }, 7));
                }

                feed.Tick(w, [.. Load(w, "chat-prod", w is 5 or 6 ? 300 : 100), Gpu(w, "chat-prod", "h1")], alerts);
            }
        }

        var whole = new IncidentFeed();
        Script(whole, 0, 20);
        var first = new IncidentFeed();
        Script(first, 0, 6);
        var second = first.Restored();
        Script(second, 6, 20);
        var split = first.Events.Concat(second.Events).ToList();
        Assert.Equal(whole.Events.Count, split.Count);
        for (var i = 0; i < split.Count; i++)
        {
            Assert.Equivalent(whole.Events[i], split[i], strict: true);
        }

        Assert.Equal(whole.Released.Select(a => a.IncidentId), first.Released.Concat(second.Released).Select(a => a.IncidentId));
    }

    [Fact]
    public void RestoreState_Corrupt_InvalidDataNamingTheCorrelator()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 3, 100, "chat-prod");
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            feed.Correlator.SaveState(w);
        }

        var bytes = buffer.ToArray();
        bytes[^12] ^= 0x40;
        using var r = new BinaryReader(new MemoryStream(bytes));
        var ex = Assert.Throws<InvalidDataException>(() => new IncidentCorrelator(new IncidentOptions(), Minute).RestoreState(r));
        Assert.Contains(nameof(IncidentCorrelator), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_TenThousandSeries_StateStaysBounded()
    {
        var feed = new IncidentFeed(new IncidentOptions { MaxOpenIncidents = 100, MaxPendingAlerts = 1000 });
        var alerts = new List<AlertEvent>();
        for (var i = 0; i < 10_000; i++)
        {
            alerts.Add(feed.Anomaly(MetricNames.QueueMs, 5, 900, 300, deployment: "d" + i, host: string.Empty, source: "AppInsights"));
        }

        feed.Tick(4, alerts: alerts, watermarkMs: W(5)); // mid-window: held, but only up to the pending bound
        Assert.Equal(1000, feed.Correlator.PendingAlerts);
        Assert.Equal(9000, feed.Correlator.ForcedSettles);
        feed.Tick(5);
        Assert.Equal(100, feed.Correlator.OpenIncidents);
        Assert.Equal(9900, feed.Correlator.Overflow);
        Assert.Equal(0, feed.Correlator.PendingAlerts);
        Assert.Equal(10_000, feed.Released.Count);
    }

    [Theory]
    [InlineData("incidents.surgeRatio")]
    [InlineData("incidents.minBaselineWindows")]
    [InlineData("incidents.resolveHold")]
    [InlineData("incidents.idleUtilization")]
    public void Validate_BadSetting_NamesIt(string setting)
    {
        var options = setting switch
        {
            "incidents.surgeRatio" => new IncidentOptions { SurgeRatio = 0.9 },
            "incidents.minBaselineWindows" => new IncidentOptions { MinBaselineWindows = 11 },
            "incidents.idleUtilization" => new IncidentOptions { IdleUtilization = 0 },
            _ => new IncidentOptions { ResolveHold = TimeSpan.FromSeconds(-1) },
        };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(setting, ex.Message, StringComparison.Ordinal);
    }
}
