using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Tests.Detectors.SrCnn;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

public class SpendMonitorTests
{
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;
    private static readonly long Nov1 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly SeriesDims Chat = Dims(TelemetrySource.AppInsights, "chat-prod", "gpt-4o", "2024-11-20");

    /// <summary>Feeds one final cost row per hour (spend(h)) and advances the monitor after each hour.</summary>
    private static (List<AlertEvent> Alerts, List<MetricRow> Forecasts) Run(SpendMonitor m, int fromHour, int hours, Func<int, double> spend)
    {
        var alerts = new List<AlertEvent>();
        var forecasts = new List<MetricRow>();
        for (var h = fromHour; h < fromHour + hours; h++)
        {
            m.Observe([Row(Nov1 + (h * Hour), CostMetricNames.CostUsd, Chat, spend(h), 10)]);
            m.Advance(Nov1 + ((h + 1) * Hour), alerts, forecasts);
        }

        return (alerts, forecasts);
    }

    [Fact]
    public void Advance_SpendUp20PercentOnDay9_WeeklyRuleFiresWhenLast24hExceeds110PercentOfAverage()
    {
        var m = new SpendMonitor(new SpendAlertOptions(), srCnn: null);
        var (alerts, _) = Run(m, 0, 10 * 24, h => h < 8 * 24 ? 1.0 : 1.2);
        var fired = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        // Day 9 hour k: last 24 h = 24 + 0.2k against an average of 24/day; first above 26.4 at k = 13 (bucket 12:00-13:00).
        Assert.Equal(Nov1 + (8 * Day) + (12 * Hour), fired.StartsAtMs);
        Assert.Equal(Nov1 + (8 * Day) + (13 * Hour), fired.TimeGeneratedMs);
        Assert.Equal((SpendMonitor.WeeklyRule, "chat-prod", "2024-11-20", "AppInsights"), (fired.Rule, fired.Deployment, fired.ModelVersion, fired.Source));
        Assert.Equal(24 * 1.1, fired.Threshold, 9);
        Assert.Equal(24 + (13 * 0.2), fired.Value, 9);
        Assert.Contains("above the trailing 7-day daily average", fired.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Advance_FlatSpendAndWarmUp_NoAlertAndRuleSilentBefore8Days()
    {
        var m = new SpendMonitor(new SpendAlertOptions(), srCnn: null);
        Assert.Empty(Run(m, 0, (8 * 24) - 1, h => h < 7 * 24 ? 1.0 : 5.0).Alerts); // 5× spend on day 8 but no 7-day baseline yet
        var flat = new SpendMonitor(new SpendAlertOptions(), srCnn: null);
        Assert.Empty(Run(flat, 0, 12 * 24, _ => 3.0).Alerts);
    }

    [Fact]
    public void Advance_SpendBackToBaseline_Resolves()
    {
        var m = new SpendMonitor(new SpendAlertOptions(), srCnn: null);
        var (alerts, _) = Run(m, 0, 12 * 24, h => h is >= 8 * 24 and < 9 * 24 ? 2.0 : 1.0);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(alerts[0].AlertId, alerts[1].AlertId);
    }

    [Fact]
    public void Advance_SpendSpike_SrCnnFires()
    {
        var model = SrCnnModel.Load(SrCnnTestModels.TrainedPath);
        var m = new SpendMonitor(new SpendAlertOptions(), model);
        var (alerts, _) = Run(m, 0, 100, h => 100 + (10 * Math.Sin(2 * Math.PI * h / 24)) + (h == 90 ? 60 : 0));
        var fired = Assert.Single(alerts, a => a.Rule == SpendMonitor.SrCnnRule && a.Status == AlertStatus.Firing);
        Assert.Equal(Nov1 + (90 * Hour), fired.StartsAtMs);
        Assert.Equal(160 + (10 * Math.Sin(2 * Math.PI * 90 / 24)), fired.Value, 4);
        Assert.Equal("2024-11-20", fired.ModelVersion);
    }

    [Fact]
    public void Advance_TwoWeeksOfDailyProfile_ForecastIsSeasonalWeeklyAverage()
    {
        var m = new SpendMonitor(new SpendAlertOptions(), srCnn: null);
        var (_, forecasts) = Run(m, 0, 14 * 24, h => h % 24 is >= 9 and < 17 ? 3.0 : 1.0);
        Assert.Equal(14, forecasts.Count); // one per UTC midnight
        var last = forecasts[^1];
        Assert.Equal(CostMetricNames.Forecast7DaysUsd, last.Metric);
        Assert.Equal((Nov1 + (14 * Day), Nov1 + (21 * Day)), (last.WindowStartMs, last.WindowEndMs));
        Assert.Equal(7 * ((8 * 3.0) + 16), last.Sum, 9);
        Assert.Equal(2 * 7 * 24, last.Count);
        Assert.Equal(("chat-prod", "2024-11-20"), (last.Dims.Deployment, last.ModelVersion));
        // After one day only: flat baseline = mean hourly spend × 168.
        Assert.Equal(((8 * 3.0) + 16) / 24 * 168, forecasts[0].Sum, 9);
    }

    [Fact]
    public void SaveState_RestoreIntoFreshInstance_SameAlertsAndForecasts()
    {
        var model = SrCnnModel.Load(SrCnnTestModels.TrainedPath);
        static double Spend(int h) => h is >= 8 * 24 and < 9 * 24 ? 2.0 : 1.0 + (0.01 * (h % 5));
        var original = new SpendMonitor(new SpendAlertOptions(), model);
        Run(original, 0, (5 * 24) + 7, Spend);
        original.Observe([Row(Nov1 + (((5 * 24) + 7) * Hour) + (20 * Minute), CostMetricNames.CostUsd, Chat, 0.5, 1)]); // an open bucket
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.SaveState(writer);
        }

        stream.Position = 0;
        var restored = new SpendMonitor(new SpendAlertOptions(), model);
        using (var reader = new BinaryReader(stream))
        {
            restored.RestoreState(reader);
        }

        var a = Run(original, (5 * 24) + 7, 6 * 24, Spend);
        var b = Run(restored, (5 * 24) + 7, 6 * 24, Spend);
        Assert.NotEmpty(a.Alerts);
        Assert.Equal(a.Alerts, b.Alerts);
        Assert.Equal(a.Forecasts, b.Forecasts);
    }

    [Fact]
    public void Ctor_BucketNotDividingADay_ThrowsNamingSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SpendMonitor(new SpendAlertOptions { Bucket = TimeSpan.FromMinutes(7) }, null));
        Assert.Contains("pricing.spend.bucket", ex.Message, StringComparison.Ordinal);
    }
}
