using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Drift;

public class QualityDriftMonitorTests
{
    private const long Minute = 60_000;
    private static readonly DimsPool Pool = new();

    private static SeriesDims Dims(string version) =>
        Pool.Intern(new DimsKey(TelemetrySource.AppInsights, "chat-prod", "gpt-4o", version, "op", "", "", ""));

    private static MetricRow Row(long window, string metric, string version, DDSketch? sketch, long count = -1) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = metric,
        Dims = Dims(version),
        ModelVersion = version,
        Count = count >= 0 ? count : sketch?.Count ?? 0,
        Sum = sketch?.Sum ?? 0,
        Min = double.NaN,
        Max = double.NaN,
        Mean = double.NaN,
        Sketch = sketch,
        Kind = RowKind.OnTime,
    };

    /// <summary>Feeds windows [from, to) of one version with n values per window from N(mean, sd).</summary>
    private static void Feed(QualityDriftMonitor monitor, List<AlertEvent> alerts, int from, int to, string version,
        double mean, double sd, int n, string metric = "groundedness")
    {
        for (var w = from; w < to; w++)
        {
            var sketch = DriftStatisticsTests.Normal((w * 7919) + version.Length, n, mean, sd);
            monitor.ObserveWindow([Row(w, metric, version, sketch)], alerts);
        }
    }

    [Fact]
    public void ObserveWindow_NewVersionWithLowerScores_FiresWithOnsetAtRelease()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        Feed(monitor, alerts, 0, 20, "v1", 4.4, 0.7, 40);
        Assert.Empty(alerts);
        Feed(monitor, alerts, 20, 30, "v2", 3.3, 0.9, 40);

        var firing = Assert.Single(alerts);
        Assert.Equal(AlertStatus.Firing, firing.Status);
        Assert.Equal("quality-drift", firing.Rule);
        Assert.Equal("groundedness", firing.Metric);
        Assert.Equal("v2", firing.ModelVersion);
        Assert.Equal("chat-prod", firing.Deployment);
        Assert.Equal(20 * Minute, firing.StartsAtMs);
        Assert.True(firing.TimeGeneratedMs <= 26 * Minute, $"fired at minute {firing.TimeGeneratedMs / Minute}");
        Assert.True(firing.Value >= 0.2);
        Assert.Contains("groundedness", firing.Summary, StringComparison.Ordinal);
        Assert.Contains("previous version v1", firing.Summary, StringComparison.Ordinal);
        Assert.Contains("since 1970-01-01T00:20:00Z", firing.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveWindow_NewVersionSameQuality_NoAlert()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        Feed(monitor, alerts, 0, 20, "v1", 4.4, 0.7, 40);
        Feed(monitor, alerts, 20, 60, "v2", 4.4, 0.7, 40);
        Assert.Empty(alerts);
    }

    [Fact]
    public void ObserveWindow_ShiftWithinVersion_FiresAgainstTrailingBaselineThenResolves()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        Feed(monitor, alerts, 0, 40, "v1", 600, 150, 100, MetricNames.TokensCompletion);
        Assert.Empty(alerts);
        Feed(monitor, alerts, 40, 50, "v1", 300, 150, 100, MetricNames.TokensCompletion);
        var firing = Assert.Single(alerts);
        Assert.Equal(MetricNames.TokensCompletion, firing.Metric);
        Assert.InRange(firing.StartsAtMs, 38 * Minute, 41 * Minute);
        Assert.Contains("trailing baseline", firing.Summary, StringComparison.Ordinal);

        Feed(monitor, alerts, 50, 70, "v1", 600, 150, 100, MetricNames.TokensCompletion);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Equal(firing.AlertId, alerts[1].AlertId);
        Assert.NotNull(alerts[1].EndsAtMs);
    }

    [Fact]
    public void ObserveWindow_HugeSamplesTinyShift_SignificantButNotLargeSoNoAlert()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        Feed(monitor, alerts, 0, 20, "v1", 100, 10, 20_000, MetricNames.TokensCompletion);
        Feed(monitor, alerts, 20, 40, "v2", 100.5, 10, 20_000, MetricNames.TokensCompletion);
        Assert.Empty(alerts);

        // The shift is real and the KS test sees it: only the effect-size gate keeps it quiet.
        var m = DriftStatistics.Compare(DriftStatisticsTests.Normal(1, 100_000, 100, 10), DriftStatisticsTests.Normal(2, 100_000, 100.5, 10));
        Assert.True(m.PValue < 1e-6, $"p {m.PValue}");
        Assert.True(m.Psi < 0.2 && m.NormalizedWasserstein < 0.25);
    }

    [Fact]
    public void ObserveWindow_TinySamplesLargeShift_NoAlert()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        Feed(monitor, alerts, 0, 20, "v1", 4.4, 0.7, 3);
        Feed(monitor, alerts, 20, 40, "v2", 2.0, 0.7, 3);
        Assert.Empty(alerts);
    }

    [Fact]
    public void ObserveWindow_ErrorShareRises_FiresOnErrorShare()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < 40; w++)
        {
            var version = w < 20 ? "v1" : "v2";
            var errors = w < 20 ? 1 : 40;
            monitor.ObserveWindow([Row(w, MetricNames.Errors, version, null, errors), Row(w, MetricNames.Requests, version, null, 500)], alerts);
        }

        var firing = Assert.Single(alerts);
        Assert.Equal(QualityDriftOptions.ErrorShareSignal, firing.Metric);
        Assert.True(firing.Value >= 0.2, $"h {firing.Value}");
    }

    [Fact]
    public void ObserveWindow_Disabled_NoAlerts()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions { Enabled = false });
        var alerts = new List<AlertEvent>();
        Feed(monitor, alerts, 0, 20, "v1", 4.4, 0.7, 40);
        Feed(monitor, alerts, 20, 30, "v2", 2.0, 0.7, 40);
        Assert.Empty(alerts);
        Assert.Equal(0, monitor.TrackedVersions);
    }

    [Fact]
    public void ObserveWindow_RowsWithoutSketchOrDeployment_Ignored()
    {
        var monitor = new QualityDriftMonitor(new QualityDriftOptions());
        var alerts = new List<AlertEvent>();
        monitor.ObserveWindow([Row(0, "groundedness", "v1", null, 5), Row(0, MetricNames.LatencyMs, "v1", DriftStatisticsTests.Normal(1, 10, 1, 1))], alerts);
        Assert.Equal(0, monitor.TrackedVersions);
        monitor.ObserveWindow([], alerts);
        Assert.Empty(alerts);
    }

    [Fact]
    public void SaveState_RestoreMidRun_SameAlertsAndSameBytes()
    {
        var options = new QualityDriftOptions();
        var a = new QualityDriftMonitor(options);
        var alertsA = new List<AlertEvent>();
        Feed(a, alertsA, 0, 22, "v1", 4.4, 0.7, 40);
        Feed(a, alertsA, 22, 23, "v2", 3.3, 0.9, 40);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.SaveState(w);
        }

        var b = new QualityDriftMonitor(options);
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            b.RestoreState(r);
        }

        var alertsB = new List<AlertEvent>();
        Feed(a, alertsA, 23, 35, "v2", 3.3, 0.9, 40);
        Feed(b, alertsB, 23, 35, "v2", 3.3, 0.9, 40);
        Assert.NotEmpty(alertsB);
        Assert.Equal(alertsA, alertsB);
        Assert.Equal(Save(a), Save(b));
    }

    [Fact]
    public void RestoreState_WrongSection_ThrowsInvalidData()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write("RULE".AsSpan());
            w.Write((byte)1);
        }

        buffer.Position = 0;
        using var r = new BinaryReader(buffer);
        Assert.Throws<InvalidDataException>(() => new QualityDriftMonitor(new QualityDriftOptions()).RestoreState(r));
    }

    [Fact]
    public void Constructor_InvalidOption_ThrowsNamingSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new QualityDriftMonitor(new QualityDriftOptions { Alpha = 0 }));
        Assert.Contains("drift.alpha", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Save(QualityDriftMonitor monitor)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            monitor.SaveState(w);
        }

        return buffer.ToArray();
    }
}
