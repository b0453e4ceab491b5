using AiObsStream.Cli.Report;
using static AiObsStream.Cli.Tests.Report.ReportFolder;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>The Forecasts section: the latest forecast after its history, the scale recommendation table, no section without forecast rows.</summary>
public sealed class ReportForecastTests : IDisposable
{
    private readonly ReportFolder _f = new ReportFolder().Empty();

    public void Dispose() => _f.Dispose();

    /// <summary>A row of the hour <paramref name="hour"/> after 11:00 (ReportFolder's origin), an hour wide.</summary>
    private static Dictionary<string, object> HourRow(int hour, string metric, string source, string deployment, params (string Key, object Value)[] stats)
    {
        var row = Row(hour * 60, metric, source, deployment, "", stats);
        row["WindowEnd"] = At((hour + 1) * 60);
        return row;
    }

    private static Dictionary<string, object> Forecast(int hour, int horizon, string metric, string source, string deployment, double mean, double min, double max)
    {
        var row = HourRow(hour, metric, source, deployment, ("Mean", mean), ("Min", min), ("Max", max), ("Count", 30));
        row["OtherDims"] = "HorizonHours=" + horizon.ToString(System.Globalization.CultureInfo.InvariantCulture);
        row["RowId"] = $"{metric}-{deployment}-{hour}-{horizon}";
        return row;
    }

    [Fact]
    public void Forecast_LatestIssueDrawnAfterItsHistory_WithTheIntervalBand()
    {
        for (var minute = 0; minute < 180; minute += 30)
        {
            // two GPUs of chat: the hourly history is the mean of their window means
            _f.Append("metrics.jsonl",
                Gpu(Row(minute, "gpu_util", "DCGM", "chat", "", ("Mean", 40.0)), "0"),
                Gpu(Row(minute, "gpu_util", "DCGM", "chat", "", ("Mean", 60.0)), "1"));
        }

        // issued at 14:00 (hour 3) for 15:00 and 16:00; an older issue (13:00) for 14:00 and 15:00 is superseded
        _f.Append("metrics.jsonl",
            Forecast(3, 1, "forecast_gpu_util", "DCGM", "chat", 70, 60, 80),
            Forecast(4, 2, "forecast_gpu_util", "DCGM", "chat", 99, 1, 100),
            Forecast(4, 1, "forecast_gpu_util", "DCGM", "chat", 72, 61, 83),
            Forecast(5, 2, "forecast_gpu_util", "DCGM", "chat", 75, 62, 88));

        var m = ReportBuilder.Build(_f.Dir);
        var chart = Assert.Single(m.Charts, c => c.Section == ReportBuilder.Forecast);
        Assert.Equal("forecast/chat/gpu", chart.Id);
        Assert.Equal(["measured", "forecast", "interval upper", "interval lower"], chart.Series.Select(s => s.Label));
        Assert.Equal([("interval upper", "interval lower")], chart.Bands);
        var origin = DateTimeOffset.Parse(At(0), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        long Hour(int h) => origin + (h * 3_600_000L);
        Assert.Equal([(Hour(0), 50.0), (Hour(1), 50.0), (Hour(2), 50.0)], chart.Series[0].Series.Points());
        Assert.Equal([(Hour(4), 72.0), (Hour(5), 75.0)], chart.Series[1].Series.Points());
        Assert.Equal([(Hour(4), 83.0), (Hour(5), 88.0)], chart.Series[2].Series.Points());
        Assert.Equal([(Hour(4), 61.0), (Hour(5), 62.0)], chart.Series[3].Series.Points());
        Assert.Equal(Hour(3), Assert.Single(chart.Markers).TimeMs);

        using var html = new StringWriter();
        HtmlReportWriter.Write(m, html);
        Assert.Contains("<section id=\"forecast\"", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"bands\":[[3,4]]", html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Forecast_ScaleRecommendation_TableOfTheLatestRows()
    {
        _f.Append("metrics.jsonl",
            HourRow(1, "forecast_gpus_needed", "AzureOpenAI", "chat", ("Mean", 2), ("Min", 1), ("Count", 4), ("Rate", 150.5)),
            HourRow(1, "capacity_rpm_per_gpu", "AzureOpenAI", "chat", ("Mean", 75.25), ("Count", 12)),
            HourRow(2, "forecast_gpus_needed", "AzureOpenAI", "chat", ("Mean", 3), ("Min", 2), ("Count", 4), ("Rate", 210)),
            HourRow(2, "capacity_rpm_per_gpu", "AzureOpenAI", "chat", ("Mean", 80), ("Count", 13)),
            Forecast(3, 1, "forecast_requests_rpm", "AzureOpenAI", "chat", 200, 180, 210));

        var m = ReportBuilder.Build(_f.Dir);
        var table = Assert.Single(m.Tables, t => t.Section == ReportBuilder.Forecast);
        var row = Assert.Single(table.Rows);
        Assert.Equal(["chat", "AzureOpenAI", "2026-11-22 13:00:00Z – 2026-11-22 14:00:00Z", "210", "80", "13", "4", "3", "2"], row);
        var chart = Assert.Single(m.Charts, c => c.Section == ReportBuilder.Forecast);
        Assert.Equal("forecast/chat/rpm:AzureOpenAI", chart.Id);
        Assert.Equal("AzureOpenAI", chart.Source);
    }

    [Fact]
    public void Forecast_RequestHistory_IsTheHourlyMeanOfTheWindowsSummedOverSeries()
    {
        // two versions' series per window: 30 + 10 req/min, then 50 + 10: the hour's mean is (40 + 60) / 2
        _f.Append("metrics.jsonl",
            Row(0, "requests", "AzureOpenAI", "chat", "v1", ("Rate", 30)), Row(0, "requests", "AzureOpenAI", "chat", "v2", ("Rate", 10)),
            Row(1, "requests", "AzureOpenAI", "chat", "v1", ("Rate", 50)), Row(1, "requests", "AzureOpenAI", "chat", "v2", ("Rate", 10)),
            Forecast(2, 1, "forecast_requests_rpm", "AzureOpenAI", "chat", 55, 45, 65));

        var chart = Assert.Single(ReportBuilder.Build(_f.Dir).Charts, c => c.Section == ReportBuilder.Forecast);
        Assert.Equal(50.0, Assert.Single(chart.Series[0].Series.Points()).Value);
    }

    [Fact]
    public void NoForecastRows_NoSectionNoNavLink()
    {
        _f.Append("metrics.jsonl", Gpu(Row(0, "gpu_util", "DCGM", "chat", "", ("Mean", 40.0)), "0"),
            Row(0, "requests", "AzureOpenAI", "chat", "v1", ("Count", 10), ("Rate", 10)));

        var m = ReportBuilder.Build(_f.Dir);
        Assert.DoesNotContain(m.Charts, c => c.Section == ReportBuilder.Forecast);
        Assert.DoesNotContain(m.Tables, t => t.Section == ReportBuilder.Forecast);
        using var html = new StringWriter();
        HtmlReportWriter.Write(m, html);
        Assert.DoesNotContain("id=\"forecast\"", html.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#forecast\"", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("<section id=\"gpus\"", html.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, object> Gpu(Dictionary<string, object> row, string gpu)
    {
        row["Host"] = "node-0";
        row["Gpu"] = gpu;
        row["RowId"] = (string)row["RowId"] + "-" + gpu;
        return row;
    }
}
