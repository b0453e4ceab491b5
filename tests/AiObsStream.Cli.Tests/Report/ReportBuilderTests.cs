using AiObsStream.Cli.Report;
using static AiObsStream.Cli.Tests.Report.ReportFolder;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>Which rows become which charts, lines and marks; bad, missing and empty inputs.</summary>
public sealed class ReportBuilderTests : IDisposable
{
    private readonly ReportFolder _f = new ReportFolder().Empty();

    public void Dispose() => _f.Dispose();

    private ReportModel Build() => ReportBuilder.Build(_f.Dir);

    private static ChartData Chart(ReportModel m, string idPrefix) => Assert.Single(m.Charts, c => c.Id.StartsWith(idPrefix, StringComparison.Ordinal));

    [Fact]
    public void Latency_RowsBecomeOneLinePerVersionAndPercentile_FromThePreferredSource()
    {
        for (var i = 0; i < 3; i++)
        {
            _f.Append("metrics.jsonl",
                Row(i, "latency_ms", "AppInsights", "chat", "v1", ("P50", 1), ("P95", 2), ("P99", 3)),
                Row(i, "latency_ms", "AzureOpenAI", "chat", "v1", ("P50", 10), ("P95", 20), ("P99", 30)));
        }

        var m = Build();
        var chart = Chart(m, "deployments/chat/latency/");
        Assert.Equal("AzureOpenAI", chart.Source);
        Assert.Equal(["v1 p50", "v1 p95", "v1 p99"], chart.Series.Select(s => s.Label));
        Assert.Equal([10.0, 10, 10], chart.Series[0].Series.Points().Select(p => p.Value));
        Assert.Equal([30.0, 30, 30], chart.Series[2].Series.Points().Select(p => p.Value));
        Assert.Contains(m.Notes, n => n.Note.Contains("chat: no TTFT rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Requests_RolloutAndRollback_AreMarked()
    {
        // v1 alone, then a v2 canary, v2 leads, then v1 leads again (a rollback).
        int[][] mix = [[100, 0], [90, 10], [20, 80], [95, 5]];
        for (var i = 0; i < mix.Length; i++)
        {
            _f.Append("metrics.jsonl", Row(i, "requests", "AzureOpenAI", "chat", "v1", ("Count", mix[i][0]), ("Rate", mix[i][0])));
            if (mix[i][1] > 0)
            {
                _f.Append("metrics.jsonl", Row(i, "requests", "AzureOpenAI", "chat", "v2", ("Count", mix[i][1]), ("Rate", mix[i][1])));
            }
        }

        var chart = Chart(Build(), "deployments/chat/rpm/");
        Assert.Equal(["v1", "v2"], chart.Series.Select(s => s.Label));
        Assert.Equal(
            [("rollout v2", "rollout", 1), ("rollback to v1", "rollback", 3)],
            chart.Markers.Select(x => (x.Label, x.Kind, (int)((x.TimeMs - DateTimeOffset.Parse(At(0), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()) / 60_000))));
    }

    [Fact]
    public void Shares_AreScaledToPercent()
    {
        _f.Append("metrics.jsonl", Row(0, "http_429", "AzureOpenAI", "chat", "v1", ("Count", 100), ("Share", 0.25)),
            Row(0, "errors", "AzureOpenAI", "chat", "v1", ("Count", 100), ("Share", 0.01)));
        var chart = Chart(Build(), "deployments/chat/shares/");
        Assert.Equal(100, chart.Scale);
        Assert.Equal(["v1 429", "v1 errors"], chart.Series.Select(s => s.Label));
    }

    private void Gpu(int minute, string host, string gpu, string metric, double mean, string deployment = "chat") =>
        _f.Append("metrics.jsonl", new Dictionary<string, object>(Row(minute, metric, "DCGM", deployment, "v1", ("Mean", mean), ("Max", mean), ("Sum", mean)))
        {
            ["Host"] = host,
            ["Gpu"] = gpu,
            ["RowId"] = $"{metric}-{host}-{gpu}-{minute}",
        });

    [Fact]
    public void Gpus_FewGpus_OneLineEach_EventsOmittedWhenAllZero()
    {
        Gpu(0, "h1", "GPU-a", "gpu_util", 50);
        Gpu(0, "h1", "GPU-b", "gpu_util", 70);
        Gpu(0, "h1", "GPU-a", "ecc_dbe", 0);
        var m = Build();
        var util = Chart(m, "gpus/gpu/gpu_util");
        Assert.Equal(["h1/GPU-a", "h1/GPU-b"], util.Series.Select(s => s.Label));
        Assert.DoesNotContain(m.Charts, c => c.Id.StartsWith("gpus/fleet", StringComparison.Ordinal));
        Assert.DoesNotContain(m.Charts, c => c.Id == "gpus/events");
        Assert.Contains(m.Notes, n => n.Note.Contains("No ECC errors or XID events", StringComparison.Ordinal));
        Assert.Contains(m.Notes, n => n.Note.Contains("No gpu_temp_c rows", StringComparison.Ordinal));
        var table = Assert.Single(m.Tables, t => t.Id == "gpu-table");
        Assert.Equal("chat", table.Rows[0][2]);
    }

    [Fact]
    public void Gpus_LargeFleet_MeanAndMaxPerWindow_AndEventsCharted()
    {
        for (var g = 0; g < ReportBuilder.MaxGpuLines + 2; g++)
        {
            Gpu(0, "h" + g, "GPU-" + g, "gpu_util", g * 10);
        }

        Gpu(0, "h3", "GPU-3", "xid", 1);
        var m = Build();
        var fleet = Chart(m, "gpus/fleet/gpu_util");
        Assert.Equal(["mean", "max"], fleet.Series.Select(s => s.Label));
        Assert.Equal(45, fleet.Series[0].Series.Points().Single().Value);
        Assert.Equal(90, fleet.Series[1].Series.Points().Single().Value);
        Assert.DoesNotContain(m.Charts, c => c.Id.StartsWith("gpus/gpu/", StringComparison.Ordinal));
        Assert.Equal(["xid"], Chart(m, "gpus/events").Series.Select(s => s.Label));
        Assert.Equal("h3", m.Tables.Single(t => t.Id == "gpu-table").Rows[0][0]); // the GPU with events first
    }

    [Fact]
    public void Cost_SpendPerWindowHourAndDay_UnitCostByVersion_NoForecastNoted()
    {
        _f.Append("metrics.jsonl",
            Row(0, "cost_usd", "AppInsights", "chat", "v1", ("Count", 10), ("Sum", 1.5), ("Mean", 0.15)),
            Row(1, "cost_usd", "AppInsights", "chat", "v1", ("Count", 10), ("Sum", 2.5), ("Mean", 0.25)),
            Row(1, "cost_usd_shadow", "Log", "chat", "v1", ("Count", 10), ("Sum", 2.5), ("Mean", 0.25)),
            Row(1, "cost_per_1k_tokens_usd", "AppInsights", "chat", "v2", ("Mean", 0.004)));
        var m = Build();
        Assert.Equal(4.0, m.Totals.SpendUsd, 9);
        Assert.Equal(4.0, Chart(m, "cost/hour").Series.Single().Series.Points().Single().Value, 9);
        Assert.Equal(2, Chart(m, "cost/window").Series.Single().Series.Count);
        Assert.Equal(["chat v2"], Chart(m, "cost/per1k").Series.Select(s => s.Label));
        Assert.Equal(["chat", "2026-11-22", "4.00"], m.Tables.Single(t => t.Id == "spend-day-table").Rows.Single());
        Assert.Contains(m.Notes, n => n.Note.Contains("No cost_forecast_7d_usd rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Quality_EvaluationScoresByVersion_EngineMetricsAreNotScores()
    {
        _f.Append("metrics.jsonl",
            Row(0, "groundedness", "AppInsights", "chat", "v1", ("Count", 5), ("Mean", 4.2)),
            Row(0, "tokens_per_s", "AppInsights", "chat", "v1", ("Count", 5), ("Mean", 40)),
            Row(0, "gpu_util", "DCGM", "chat", "v1", ("Count", 5), ("Mean", 40)));
        var m = Build();
        var chart = Assert.Single(m.Charts, c => c.Section == ReportBuilder.Quality);
        Assert.Equal("quality/groundedness", chart.Id);
        Assert.Equal(["chat v1"], chart.Series.Select(s => s.Label));
    }

    [Fact]
    public void Ingestion_RecordsPerInput_DeadLettersByReason_RejectsChartOnlyWithRejects()
    {
        _f.Append("metrics.jsonl",
            new Dictionary<string, object>(Row(0, "ingest_records", "AzureOpenAI", stats: [("Count", 70), ("Sum", 70)])) { ["Resource"] = "/in/a.jsonl" },
            new Dictionary<string, object>(Row(0, "ingest_rejected", "AzureOpenAI", stats: [("Count", 70), ("Sum", 0), ("Share", 0)])) { ["Resource"] = "/in/a.jsonl" });
        _f.Append("deadletter.jsonl",
            new { Input = "/in/a.jsonl", Position = 3, Reason = "malformed", Message = "m", Bytes = 10, Excerpt = "SECRET-PROMPT-TEXT" },
            new { Input = "/in/a.jsonl", Position = 4, Reason = "late", Message = "m", Bytes = 10, Excerpt = "x" });
        var m = Build();
        Assert.Equal(["a.jsonl"], Chart(m, "ingestion/records").Series.Select(s => s.Label));
        Assert.DoesNotContain(m.Charts, c => c.Id == "ingestion/rejected");
        var table = m.Tables.Single(t => t.Id == "ingest-table");
        Assert.Equal(["input", "source", "records", "rejected", "dead: late", "dead: malformed"], table.Columns);
        Assert.Equal(["a.jsonl", "AzureOpenAI", "70", "0", "1", "1"], table.Rows.Single());
        Assert.Equal(2, m.Totals.DeadLetters);
        Assert.Equal(70, m.Totals.Records);

        using var html = new StringWriter();
        HtmlReportWriter.Write(m, html);
        Assert.DoesNotContain("SECRET-PROMPT-TEXT", html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Revisions_OnlyTheLastRevisionOfARowCounts()
    {
        var first = Row(0, "cost_usd", "AppInsights", "chat", "v1", ("Count", 1), ("Sum", 1.0));
        var corrected = new Dictionary<string, object>(Row(0, "cost_usd", "AppInsights", "chat", "v1", ("Count", 2), ("Sum", 3.0))) { ["Revision"] = 1 };
        _f.Append("metrics.jsonl", first, corrected);
        var m = Build();
        Assert.Equal(3.0, m.Totals.SpendUsd);
        Assert.Equal(1, m.Totals.MetricRows);
    }

    [Fact]
    public void BadLines_AreCountedAndSkipped_ValidRowsKept()
    {
        _f.Append("metrics.jsonl", "{not json", "[1,2]", """{"Metric":"requests"}""",
            Row(0, "requests", "AzureOpenAI", "chat", "v1", ("Count", 5), ("Rate", 5)));
        _f.Append("incidents.jsonl", "{\"IncidentId\":");
        var m = Build();
        Assert.Equal(4, m.Inputs.BadLines);
        Assert.Contains("metrics.jsonl:1", m.Inputs.BadLineNames);
        Assert.Single(m.Charts);
    }

    [Fact]
    public void EmptyRun_NoChartsEveryOmissionNoted_SummarySaysNothingToReport()
    {
        var m = Build();
        Assert.Empty(m.Charts);
        Assert.Empty(m.Incidents);
        foreach (var section in new[] { ReportBuilder.Gpus, ReportBuilder.Cost, ReportBuilder.Quality, ReportBuilder.Ingestion })
        {
            Assert.Contains(m.Notes, n => n.Section == section);
        }

        Assert.Contains("nothing to report", string.Concat(ReportSummary.Build(m).Select(p => p.Text)), StringComparison.Ordinal);
        using var html = new StringWriter();
        HtmlReportWriter.Write(m, html);
        Assert.Contains("\"charts\":[]", html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFiles_AreNamed_MissingFolderThrows()
    {
        File.Delete(Path.Combine(_f.Dir, "notifications.jsonl"));
        File.Delete(Path.Combine(_f.Dir, "metrics.jsonl"));
        var m = Build();
        Assert.Equal(["metrics.jsonl", "notifications.jsonl"], m.Inputs.Missing.Order(StringComparer.Ordinal));
        Assert.Throws<DirectoryNotFoundException>(() => ReportBuilder.Build(Path.Combine(_f.Dir, "nope")));
    }

    [Fact]
    public void Incidents_LastStateWins_AlertsAndNotificationsCounted()
    {
        _f.Append("incidents.jsonl",
            new { TimeGenerated = At(2), IncidentId = "i1", Status = "Open", OpenedAt = At(1), Cause = "capacity", Severity = "Warning", Deployments = new[] { "chat" }, ModelVersions = new[] { "v1" }, Hosts = Array.Empty<string>(), Summary = "first" },
            new { TimeGenerated = At(5), IncidentId = "i1", Status = "Resolved", OpenedAt = At(1), ResolvedAt = At(4), Cause = "capacity", Severity = "Critical", Deployments = new[] { "chat" }, ModelVersions = new[] { "v1" }, Hosts = Array.Empty<string>(), Summary = "last", Evidence = new { load_ratio = 3.4 } },
            new { TimeGenerated = At(6), IncidentId = "i2", Status = "Open", OpenedAt = At(6), Cause = "gpu-memory", Severity = "Warning", Deployments = Array.Empty<string>(), ModelVersions = Array.Empty<string>(), Hosts = new[] { "h1" }, Summary = "open" });
        _f.Append("alerts.jsonl",
            new { TimeGenerated = At(1), AlertId = "a1", IncidentId = "i1", Rule = "latency-p95", Status = "Firing", Summary = "s" },
            new { TimeGenerated = At(3), AlertId = "a1", IncidentId = "i1", Rule = "latency-p95", Status = "Resolved", Summary = "s" },
            new { TimeGenerated = At(2), AlertId = "a2", IncidentId = "", Rule = "model-version-regression", Status = "Firing", Summary = "effect +50 %" });
        _f.Append("notifications.jsonl", new { Status = "Firing", Incident = new { IncidentId = "i1" } }, new { Status = "Firing" });
        var m = Build();
        Assert.Equal(["i1", "i2"], m.Incidents.Select(i => i.Id));
        var i1 = m.Incidents[0];
        Assert.Equal(("last", "Critical", false, 2, 1, 1), (i1.Summary, i1.Severity, i1.Open, i1.Changes, i1.AlertCount, i1.Notifications));
        Assert.Equal(3 * 60_000, i1.ResolvedMs - i1.OpenedMs);
        Assert.Equal([("load_ratio", "3.4")], i1.Evidence);
        Assert.True(m.Incidents[1].Open);
        Assert.Equal(2, m.Totals.AlertsRaised);
        Assert.Equal(2, m.Totals.Notifications);
        Assert.Equal("model-version-regression", m.Tables.Single(t => t.Id == "verdict-table").Rows.Single()[1]);
    }
}
