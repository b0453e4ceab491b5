using AiObsStream.Cli.Report;
using static AiObsStream.Cli.Tests.Report.ReportFolder;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>RPM / TPM against quota, spend per team and project, GPU efficiency per model version, lateness.</summary>
public sealed class ReportLeftOutsTests : IDisposable
{
    private readonly ReportFolder _f = new ReportFolder().Empty();

    public void Dispose() => _f.Dispose();

    private static ChartData Chart(ReportModel m, string idPrefix) => Assert.Single(m.Charts, c => c.Id.StartsWith(idPrefix, StringComparison.Ordinal));

    private static Dictionary<string, object> With(Dictionary<string, object> row, params (string Key, object Value)[] columns)
    {
        foreach (var (k, v) in columns)
        {
            row[k] = v;
        }

        return row;
    }

    [Fact]
    public void Quota_TpmAndRpmDrawnAgainstTheConfiguredQuota_PeakTotalOverVersions()
    {
        for (var i = 0; i < 3; i++)
        {
            _f.Append("metrics.jsonl",
                Row(i, "tokens_total", "AppInsights", "chat", "v1", ("Sum", 600), ("Rate", 600)),
                Row(i, "tokens_total", "AppInsights", "chat", "v2", ("Sum", 200 * i), ("Rate", 200 * i)),
                Row(i, "requests", "AzureOpenAI", "chat", "v1", ("Count", 3), ("Rate", 3)),
                Row(i, "requests", "AzureOpenAI", "other", "v1", ("Count", 3), ("Rate", 3)));
        }

        var m = ReportBuilder.Build(_f.Dir, new ReportOptions { TpmQuotas = new Dictionary<string, double> { ["chat"] = 1000 }, QuotaSource = "test" });
        var tpm = Chart(m, "deployments/chat/tpm/");
        Assert.Equal(["v1", "v2", "TPM quota"], tpm.Series.Select(s => s.Label));
        Assert.Equal([1000.0, 1000, 1000], tpm.Series[2].Series.Points().Select(p => p.Value));
        var rpm = Chart(m, "deployments/chat/rpm/");
        Assert.Equal([6.0, 6, 6], rpm.Series.Single(s => s.Label == "RPM quota").Series.Points().Select(p => p.Value));

        // Peak TPM is v1 + v2 in the last window (600 + 400), 100 % of the quota; RPM 3 of 6.
        var row = Assert.Single(m.Tables.Single(t => t.Id == "quota-table").Rows);
        Assert.Equal(["chat", "1,000", "1,000", "100", "6", "3", "50"], row);
        Assert.Contains(m.Notes, n => n.Note.StartsWith("No TPM quota configured for other ", StringComparison.Ordinal));
        Assert.DoesNotContain(Chart(m, "deployments/other/rpm/").Series, s => s.Label.Contains("quota", StringComparison.Ordinal));
    }

    [Fact]
    public void Quota_NoOptions_NoQuotaLineAndANote()
    {
        _f.Append("metrics.jsonl", Row(0, "tokens_total", "AppInsights", "chat", "v1", ("Sum", 600), ("Rate", 600)));
        var m = ReportBuilder.Build(_f.Dir);
        Assert.Equal(["v1"], Chart(m, "deployments/chat/tpm/").Series.Select(s => s.Label));
        Assert.DoesNotContain(m.Tables, t => t.Id == "quota-table");
        Assert.Contains(m.Notes, n => n.Note.StartsWith("No TPM quota configured for chat ", StringComparison.Ordinal));
    }

    [Fact]
    public void Teams_SpendPerTeamAndProjectPerHour_UntaggedSpendIsItsOwnLine()
    {
        _f.Append("metrics.jsonl",
            With(Row(0, "cost_usd", "AppInsights", "chat", "v1", ("Count", 1), ("Sum", 1.5)), ("Team", "assistant"), ("Project", "bot")),
            With(Row(1, "cost_usd", "AppInsights", "mini", "v1", ("Count", 1), ("Sum", 0.5)), ("Team", "assistant"), ("Project", "triage")),
            Row(2, "cost_usd", "AppInsights", "embed", "v1", ("Count", 1), ("Sum", 0.25)),
            With(Row(3, "cost_usd_shadow", "Log", "chat", "v1", ("Count", 1), ("Sum", 9.0)), ("Team", "assistant"), ("Project", "bot")));
        var m = ReportBuilder.Build(_f.Dir);
        var team = Chart(m, "cost/team");
        Assert.Equal(["assistant", ReportBuilder.Untagged], team.Series.Select(s => s.Label));
        Assert.Equal(2.0, Assert.Single(team.Series[0].Series.Points()).Value);
        Assert.Equal(ReportBuilder.Untagged, Chart(m, "cost/project").Series[2].Label);
        var table = m.Tables.Single(t => t.Id == "spend-tag-table");
        Assert.Equal(
            [["project", "(untagged)", "2026-11-22", "0.25"], ["project", "bot", "2026-11-22", "1.50"], ["project", "triage", "2026-11-22", "0.50"],
             ["team", "(untagged)", "2026-11-22", "0.25"], ["team", "assistant", "2026-11-22", "2.00"]],
            table.Rows.Select(r => r.ToArray()));
    }

    [Fact]
    public void Teams_NoCostTags_NoChartsAndANote()
    {
        _f.Append("metrics.jsonl", Row(0, "cost_usd", "AppInsights", "chat", "v1", ("Count", 1), ("Sum", 1.5)));
        var m = ReportBuilder.Build(_f.Dir);
        Assert.DoesNotContain(m.Charts, c => c.Id is "cost/team" or "cost/project");
        Assert.Contains(m.Notes, n => n.Note.StartsWith("No cost row carries a Team or Project", StringComparison.Ordinal));
    }

    [Fact]
    public void Efficiency_TokensPerGpuSecondByVersion_TokensAndRequestsFromTheSourcesThatCountThem()
    {
        for (var i = 0; i < 2; i++)
        {
            var version = i == 0 ? "v1" : "v2";
            _f.Append("metrics.jsonl",
                With(Row(i, "gpu_util", "DCGM", "chat", version, ("Count", 4), ("Mean", 50.0)), ("Host", "h0"), ("Gpu", "GPU-a")),
                With(Row(i, "gpu_util", "DCGM", "chat", version, ("Count", 4), ("Mean", 70.0)), ("Host", "h0"), ("Gpu", "GPU-b")),
                Row(i, "tokens_total", "AppInsights", "chat", version, ("Sum", 1200.0 * (i + 1))),
                Row(i, "tokens_total", "Log", "chat", version, ("Sum", 99999.0)),
                Row(i, "requests", "AzureOpenAI", "chat", version, ("Count", 12.0)),
                Row(i, "requests", "AppInsights", "chat", version, ("Count", 5.0)));
        }

        var m = ReportBuilder.Build(_f.Dir);
        var chart = Chart(m, "gpus/efficiency");
        Assert.Equal(["chat v1", "chat v2"], chart.Series.Select(s => s.Label));
        Assert.Equal(10.0, Assert.Single(chart.Series[0].Series.Points()).Value); // 1,200 tokens / (2 GPUs × 60 s)
        Assert.Equal(20.0, Assert.Single(chart.Series[1].Series.Points()).Value);
        var table = m.Tables.Single(t => t.Id == "efficiency-table");
        Assert.Equal(["chat", "v1", "AppInsights, AzureOpenAI", "1,200", "12", "0.033", "10", "360", "60"], table.Rows[0]);
    }

    [Fact]
    public void Efficiency_GpusWithoutDeployment_ANote()
    {
        _f.Append("metrics.jsonl",
            With(Row(0, "gpu_util", "DCGM", stats: [("Count", 4), ("Mean", 50.0)]), ("Host", "h0"), ("Gpu", "GPU-a")),
            Row(0, "tokens_total", "AppInsights", "chat", "v1", ("Sum", 1200.0)));
        var m = ReportBuilder.Build(_f.Dir);
        Assert.DoesNotContain(m.Charts, c => c.Id == "gpus/efficiency");
        Assert.Contains(m.Notes, n => n.Note.StartsWith("No GPU rows labelled with a deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void Lateness_LateDeadLettersChartedAtTheirEventTime_CorrectionsPerWindow()
    {
        _f.Append("deadletter.jsonl",
            new { Input = "/in/a.jsonl", Position = 3, Reason = "late", Message = "event time 2026-11-22T11:00:10.000Z is too late: watermark 2026-11-22T11:07:40.000Z already passed its window end + allowed lateness 00:05:00", Bytes = 10, Excerpt = "x" },
            new { Input = "/in/a.jsonl", Position = 4, Reason = "late", Message = "event time 2026-11-22T11:00:50.000Z is too late: watermark 2026-11-22T11:07:00.000Z already passed its window end + allowed lateness 00:05:00", Bytes = 10, Excerpt = "x" },
            new { Input = "/in/b.jsonl", Position = 4, Reason = "late", Message = "not the engine's message", Bytes = 10, Excerpt = "x" },
            new { Input = "/in/b.jsonl", Position = 5, Reason = "malformed", Message = "event time 2026-11-22T11:00:50.000Z is too late: watermark 2026-11-22T11:07:00.000Z ", Bytes = 10, Excerpt = "x" });
        _f.Append("metrics.jsonl", With(Row(2, "requests", "AzureOpenAI", "chat", "v1", ("Count", 3)), ("Revision", 1)));

        var m = ReportBuilder.Build(_f.Dir);
        var count = Chart(m, "ingestion/late-count");
        Assert.Equal(("a.jsonl", 2.0), (count.Series.Single().Label, count.Series.Single().Series.Points().Single().Value));
        Assert.Equal(DateTimeOffset.Parse(At(0), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), count.Series[0].Series.Points()[0].Time);
        Assert.Equal(450.0, Chart(m, "ingestion/late-by").Series.Single().Series.Points().Single().Value); // 7:40 − 0:10, the larger
        Assert.Equal(1.0, Chart(m, "ingestion/corrected").Series.Single().Series.Points().Single().Value);
        Assert.Contains(m.Notes, n => n.Note.StartsWith("1 of 3 late dead letters do not name", StringComparison.Ordinal));
    }

    [Fact]
    public void Lateness_NoLateData_NoChartsANote()
    {
        _f.Append("metrics.jsonl", Row(0, "requests", "AzureOpenAI", "chat", "v1", ("Count", 3)));
        var m = ReportBuilder.Build(_f.Dir);
        Assert.DoesNotContain(m.Charts, c => c.Id.StartsWith("ingestion/late", StringComparison.Ordinal) || c.Id == "ingestion/corrected");
        Assert.Contains(m.Notes, n => n.Note.StartsWith("No late data", StringComparison.Ordinal));
    }
}
