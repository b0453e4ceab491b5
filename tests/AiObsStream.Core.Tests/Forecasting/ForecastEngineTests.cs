using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Forecasting;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Forecasting;

public sealed class ForecastEngineTests
{
    private const long HourMs = 3_600_000;
    private const long WindowMs = 900_000; // 15-minute windows: four per hour
    private const long StartHour = 480_096; // 2024-10-08 00:00 UTC, a Tuesday

    private static MetricRow Row(string metric, TelemetrySource source, string host, string gpu, long startMs, double mean,
        double rate = double.NaN, double p95 = double.NaN, long count = 100) => new()
    {
        WindowStartMs = startMs,
        WindowEndMs = startMs + WindowMs,
        Metric = metric,
        Dims = new SeriesDims(source, "chat", "gpt-4o", source == TelemetrySource.DCGM ? string.Empty : "2024-08-06", string.Empty, string.Empty, host, gpu),
        ModelVersion = "2024-08-06",
        Count = count,
        Sum = mean * count,
        Min = mean,
        Max = mean,
        Mean = mean,
        Rate = rate,
        P95 = p95,
        Kind = RowKind.Final,
    };

    /// <summary>Feeds <paramref name="hours"/> hours of rows from <paramref name="make"/> (per window start) and closes them.</summary>
    private static (List<MetricRow> Rows, List<AlertEvent> Alerts) Run(ForecastEngine engine, long fromHour, int hours, Func<long, IEnumerable<MetricRow>> make)
    {
        var rows = new List<MetricRow>();
        var alerts = new List<AlertEvent>();
        for (var w = fromHour * HourMs; w < (fromHour + hours) * HourMs; w += WindowMs)
        {
            engine.Observe(make(w).ToList());
            engine.Advance(w + WindowMs, alerts, rows);
        }

        return (rows, alerts);
    }

    private static double Daily(long ms, double low, double high) =>
        low + ((high - low) * (0.5 - (0.5 * Math.Cos(2 * Math.PI * (((ms / HourMs) % 24) - 2) / 24)))); // lowest at 02:00, highest at 14:00

    private static IEnumerable<MetricRow> Gpus(long w, double util) =>
    [
        Row(MetricNames.GpuUtil, TelemetrySource.DCGM, "node-0", "0", w, util),
        Row(MetricNames.GpuUtil, TelemetrySource.DCGM, "node-0", "1", w, util),
    ];

    [Fact]
    public void Advance_LessThanADayOfHistory_EmitsNothing()
    {
        var (rows, alerts) = Run(new ForecastEngine(new ForecastOptions()), StartHour, 23, w => Gpus(w, 50));
        Assert.Empty(rows);
        Assert.Empty(alerts);
    }

    [Fact]
    public void Advance_AfterOneDay_ForecastsEachGpuAndTheDeploymentForTheHorizonWithIntervals()
    {
        var (rows, _) = Run(new ForecastEngine(new ForecastOptions()), StartHour, 25, w => Gpus(w, Daily(w, 20, 80)));
        var lastIssue = rows.Where(r => r.Dims.OtherDims == "HorizonHours=1").Max(r => r.WindowStartMs);
        var latest = rows.Where(r => r.WindowStartMs - ((int.Parse(r.Dims.OtherDims[13..], System.Globalization.CultureInfo.InvariantCulture) - 1) * HourMs) == lastIssue).ToList();
        Assert.Equal(18, latest.Count); // (2 GPUs + the deployment) × 6 hours ahead
        Assert.All(latest, r =>
        {
            Assert.Equal(ForecastMetricNames.GpuUtil, r.Metric);
            Assert.Equal("2024-08-06", r.ModelVersion);
            Assert.Equal("chat", r.Dims.Deployment);
            Assert.InRange(r.Mean, r.Min, r.Max);
            Assert.Equal(Daily(r.WindowStartMs, 20, 80), r.Mean, 1);
        });
        Assert.Equal(6, latest.Count(r => r.Dims.Gpu.Length == 0));
    }

    [Fact]
    public void Advance_RequestsTokensAndLatency_RecommendGpusFromTheMeasuredCapacity()
    {
        var engine = new ForecastEngine(new ForecastOptions { TargetUtilization = 75 });
        var (rows, _) = Run(engine, StartHour, 30, w => Gpus(w, 50).Concat(
        [
            Row(MetricNames.Requests, TelemetrySource.AzureOpenAI, string.Empty, string.Empty, w, 1, rate: 100),
            Row(MetricNames.Requests, TelemetrySource.Log, string.Empty, string.Empty, w, 1, rate: 90), // a less trusted source of the same calls
            Row(MetricNames.TokensTotal, TelemetrySource.AppInsights, string.Empty, string.Empty, w, 1, rate: 40_000),
            Row(MetricNames.LatencyMs, TelemetrySource.AzureOpenAI, string.Empty, string.Empty, w, 400, p95: 800),
        ]));

        // capacity = RPM / GPUs × target / utilization = 100 / 2 × 75 / 50 = 75 requests per minute per GPU
        var capacity = rows.Last(r => r.Metric == ForecastMetricNames.CapacityRpmPerGpu);
        Assert.Equal(75, capacity.Mean, 6);
        Assert.Equal(TelemetrySource.AzureOpenAI, capacity.Dims.Source);
        var needed = rows.Last(r => r.Metric == ForecastMetricNames.GpusNeeded);
        Assert.Equal(2, needed.Mean); // ⌈100 / 75⌉
        Assert.Equal(2, needed.Count);
        Assert.Equal(100, needed.Rate, 3);
        Assert.Equal(2, engine.GpusNeeded["chat"]);
        Assert.Contains(rows, r => r.Metric == ForecastMetricNames.Tokens);
        Assert.Equal(2, rows.Where(r => r.Metric == ForecastMetricNames.Requests).Select(r => r.Dims.Source).Distinct().Count());
    }

    [Fact]
    public void Advance_LatencyAboveTheAcceptableP95_MeasuresNoCapacity()
    {
        var (rows, _) = Run(new ForecastEngine(new ForecastOptions()), StartHour, 30, w => Gpus(w, 50).Concat(
        [
            Row(MetricNames.Requests, TelemetrySource.AzureOpenAI, string.Empty, string.Empty, w, 1, rate: 100),
            Row(MetricNames.LatencyMs, TelemetrySource.AzureOpenAI, string.Empty, string.Empty, w, 900, p95: 1500),
        ]));
        Assert.DoesNotContain(rows, r => r.Metric is ForecastMetricNames.CapacityRpmPerGpu or ForecastMetricNames.GpusNeeded);
        Assert.Contains(rows, r => r.Metric == ForecastMetricNames.Requests);
    }

    [Fact]
    public void Advance_ForecastPeakAboveTheSaturationThreshold_FiresAheadWithTheLeadTimeAndResolves()
    {
        var engine = new ForecastEngine(new ForecastOptions { PerGpu = false });
        var (_, alerts) = Run(engine, StartHour, 24 * 3, w => Gpus(w, Daily(w, 40, 95)));
        Assert.NotEmpty(alerts);
        var fired = alerts.First();
        Assert.Equal(ForecastMetricNames.SaturationRule, fired.Rule);
        Assert.Equal(AlertStatus.Firing, fired.Status);
        Assert.Equal(90, fired.Threshold);
        Assert.True(fired.Score > 0, "the lead time is positive");
        var crossing = fired.TimeGeneratedMs + (long)(fired.Score * 60_000);
        Assert.True(Daily(crossing, 40, 95) > 88, "the crossing hour is near the peak");
        Assert.True(Daily(fired.TimeGeneratedMs - HourMs, 40, 95) < 90, "it fired before the utilization crossed");
        Assert.Equal("chat", fired.Deployment);
        Assert.Equal("2024-08-06", fired.ModelVersion);
        var resolved = alerts.First(a => a.Status == AlertStatus.Resolved);
        Assert.Equal(fired.AlertId, resolved.AlertId);
        Assert.Equal(resolved.TimeGeneratedMs, resolved.EndsAtMs);
        Assert.True(alerts.Count(a => a.Status == AlertStatus.Firing) >= 2, "it fires again the next day");
    }

    [Fact]
    public void Advance_FlatUtilizationBelowTheThreshold_NeverAlerts()
    {
        var (_, alerts) = Run(new ForecastEngine(new ForecastOptions { PerGpu = false }), StartHour, 24 * 3, w => Gpus(w, Daily(w, 30, 70)));
        Assert.Empty(alerts);
    }

    [Theory]
    [InlineData("chat", 80, 80)] // the deployment's own, lower threshold: fires against it
    [InlineData("other", 80, 90)] // another deployment's override leaves the global threshold
    public void Advance_DeploymentSaturationOverride_IsTheThresholdOfThatDeployment(string deployment, double overrideValue, double expected)
    {
        var options = new ForecastOptions { PerGpu = false, SaturationByDeployment = new Dictionary<string, double> { [deployment] = overrideValue } };
        var (_, alerts) = Run(new ForecastEngine(options), StartHour, 24 * 3, w => Gpus(w, Daily(w, 40, 95)));
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal(expected, a.Threshold));
    }

    [Theory]
    [InlineData(99.0)] // above the forecast peak
    [InlineData(double.PositiveInfinity)] // the override turns gpu-saturated off for the deployment
    public void Advance_DeploymentSaturationOverrideAboveThePeak_NeverAlerts(double overrideValue)
    {
        var options = new ForecastOptions { PerGpu = false, SaturationByDeployment = new Dictionary<string, double> { ["chat"] = overrideValue } };
        var (rows, alerts) = Run(new ForecastEngine(options), StartHour, 24 * 3, w => Gpus(w, Daily(w, 40, 95)));
        Assert.NotEmpty(rows);
        Assert.Empty(alerts);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(101.0)]
    [InlineData(double.NaN)]
    public void Validate_DeploymentSaturationOutOfRange_ThrowsNamingTheOverride(double value)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ForecastOptions { SaturationByDeployment = new Dictionary<string, double> { ["chat"] = value } }.Validate());
        Assert.Contains("rules.gpu-saturated.overrides.chat.warning", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_NegativeUtilization_IsRejectedAndCountedWithoutStoppingTheSeries()
    {
        var engine = new ForecastEngine(new ForecastOptions());
        var (rows, _) = Run(engine, StartHour, 26, w => w / HourMs == StartHour + 3 ? Gpus(w, -5) : Gpus(w, 50));
        Assert.Equal(3, engine.Rejected); // both GPUs and the deployment, for that hour
        Assert.Contains("negative", engine.LastRejection, StringComparison.Ordinal);
        Assert.NotEmpty(rows);
    }

    [Fact]
    public void SaveState_RestoredIntoAFreshEngine_ContinuesExactlyAsAnUninterruptedRun()
    {
        IEnumerable<MetricRow> Make(long w) => Gpus(w, Daily(w, 40, 95)).Concat(
        [
            Row(MetricNames.Requests, TelemetrySource.AzureOpenAI, string.Empty, string.Empty, w, 1, rate: 50 + Daily(w, 0, 100)),
            Row(MetricNames.LatencyMs, TelemetrySource.AzureOpenAI, string.Empty, string.Empty, w, 400, p95: 700),
        ]);

        var whole = new ForecastEngine(new ForecastOptions());
        Run(whole, StartHour, 30, Make);
        var (expectedRows, expectedAlerts) = Run(whole, StartHour + 30, 20, Make);

        var first = new ForecastEngine(new ForecastOptions());
        Run(first, StartHour, 30, Make);
        first.Observe([Row(MetricNames.GpuUtil, TelemetrySource.DCGM, "node-0", "0", (StartHour + 30) * HourMs, 60)]); // an open hour in the checkpoint
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.SaveState(w);
        }

        var resumed = new ForecastEngine(new ForecastOptions());
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer))
        {
            resumed.RestoreState(r);
        }

        var whole2 = new ForecastEngine(new ForecastOptions());
        Run(whole2, StartHour, 30, Make);
        whole2.Observe([Row(MetricNames.GpuUtil, TelemetrySource.DCGM, "node-0", "0", (StartHour + 30) * HourMs, 60)]);
        var (rows2, alerts2) = Run(whole2, StartHour + 30, 20, Make);
        var (rows3, alerts3) = Run(resumed, StartHour + 30, 20, Make);
        Assert.Equal(rows2, rows3);
        Assert.Equal(alerts2, alerts3);
        Assert.Equal(whole2.GpusNeeded, resumed.GpusNeeded);
        Assert.NotEmpty(expectedRows);
        Assert.NotEmpty(expectedAlerts);
    }

    [Fact]
    public void RestoreState_CorruptSection_ThrowsInvalidData()
    {
        var engine = new ForecastEngine(new ForecastOptions());
        Run(engine, StartHour, 26, w => Gpus(w, 50));
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engine.SaveState(w);
        }

        var bytes = buffer.ToArray();
        bytes[^12] ^= 0x40;
        using var r = new BinaryReader(new MemoryStream(bytes));
        Assert.Throws<InvalidDataException>(() => new ForecastEngine(new ForecastOptions()).RestoreState(r));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(49)]
    public void Validate_HorizonOutOfRange_Throws(double hours) =>
        Assert.Throws<ArgumentException>(() => new ForecastEngine(new ForecastOptions { Horizon = TimeSpan.FromHours(hours) }));

    [Theory]
    [InlineData(150, 75, 2)]
    [InlineData(151, 75, 3)]
    [InlineData(10, 75, 1)]
    public void GpusFor_RoundsUpAndNeverBelowOne(double rpm, double capacity, double expected) =>
        Assert.Equal(expected, ForecastEngine.GpusFor(rpm, capacity));
}
