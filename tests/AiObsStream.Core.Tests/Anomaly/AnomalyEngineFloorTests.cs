using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Anomaly;

/// <summary>
/// The engine with practical-effect floors, confirmed departures and percentile confidence: what an operator would
/// not act on stays quiet, a real change still fires.
/// </summary>
public class AnomalyEngineFloorTests
{
    private const long Bucket = 2_000;
    private static readonly SeriesDims Gpu = new DimsPool().Intern(new DimsKey(TelemetrySource.DCGM, "chat", "", "", "", "", "h", "g"));
    private static readonly SeriesDims Calls = new DimsPool().Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "v", "op", "", "", "", ""));

    private static MetricRow Gauge(string metric, long i, double value) => new()
    {
        WindowStartMs = i * Bucket,
        WindowEndMs = (i + 1) * Bucket,
        Metric = metric,
        Dims = Gpu,
        ModelVersion = "v",
        Count = 1,
        Sum = value,
        Min = value,
        Max = value,
        Mean = value,
    };

    private static List<AlertEvent> Feed(Func<long, MetricRow> row, int points, AnomalyOptions options)
    {
        var engine = new AnomalyEngine(options);
        var output = new List<AlertEvent>();
        for (var i = 0L; i < points; i++)
        {
            engine.EvaluateBucket(i * Bucket, [row(i)], output);
        }

        return output;
    }

    private static List<AlertEvent> FeedGauge(string metric, Func<long, double> value, int points, AnomalyOptions? options = null) =>
        Feed(i => Gauge(metric, i, value(i)), points, options ?? new AnomalyOptions());

    private static AnomalyOptions Only(AnomalyRuleDefinition rule, bool singlePointSpikes = false) =>
        new() { Rules = [rule], SinglePointSpikes = singlePointSpikes };

    /// <summary>fb_used_pct of an idle 80 GB card: 4.94 % with allocator jitter of a few MiB.</summary>
    private static double FlatMemory(long i) => 4.94 + (0.004 * (i % 3));

    private static double Noise(long i) => 40 + (5 * Math.Sin(i * 0.7)) + (3 * Math.Cos(i * 1.3));

    private static List<AlertEvent> Firing(List<AlertEvent> alerts) => alerts.Where(a => a.Status == AlertStatus.Firing).ToList();

    [Fact]
    public void Memory_RiseOfATenthOfAPointOnAFlatSeries_NoAlert_ButFiresWithoutTheFloor()
    {
        // The case: max 5.30 % against an expected 4.94 %: far outside a flat series' band, nothing to act on.
        static double Wiggle(long i) => i is >= 90 and < 110 ? 5.30 : FlatMemory(i);

        Assert.Empty(FeedGauge(MetricNames.FbUsedPct, Wiggle, 160, new AnomalyOptions()));
        var unfloored = new AnomalyRuleDefinition { Metric = MetricNames.FbUsedPct, Statistic = Statistic.Max, Direction = AnomalyDirection.Up, MinAbsoluteChange = 0 };
        Assert.NotEmpty(Firing(FeedGauge(MetricNames.FbUsedPct, Wiggle, 160, Only(unfloored))));
    }

    [Fact]
    public void Memory_JumpTo96_FiresWithTheDepartureAndTheFloorInTheSummary()
    {
        var fired = Assert.Single(Firing(FeedGauge(MetricNames.FbUsedPct, i => i >= 100 ? 96 : FlatMemory(i), 160)));
        Assert.Equal(100 * Bucket, fired.StartsAtMs);
        Assert.Equal(96, fired.Value);
        Assert.Contains("by +91.", fired.Summary, StringComparison.Ordinal);
        Assert.Contains(" pts (floor 5)", fired.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeFloor_PowerAt400W_ShiftOf70WQuiet_ShiftOf120WFires()
    {
        // Floor max(50 W, 20 % of 400 W) = 80 W: +70 W is a load swing, +120 W a change.
        static double Power(long i) => 400 + (3 * Math.Sin(i * 0.9));

        Assert.Empty(FeedGauge(MetricNames.PowerW, i => i >= 90 ? 470 + (i % 2) : Power(i), 140));
        var fired = Assert.Single(Firing(FeedGauge(MetricNames.PowerW, i => i >= 90 ? 520 + (i % 2) : Power(i), 140)));
        Assert.Contains(" W (floor 80", fired.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void BothFloors_TheLargerApplies()
    {
        // Absolute 10, relative 50 % of 40 = 20: a +15 shift is under the relative floor, +25 is over both.
        var rule = new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, MinAbsoluteChange = 10, MinRelativeChange = 0.5 };
        Assert.Empty(Firing(FeedGauge(MetricNames.GpuUtil, i => i >= 90 ? 55 + (i % 2) : 40 + (0.5 * (i % 3)), 140, Only(rule))));
        Assert.Single(Firing(FeedGauge(MetricNames.GpuUtil, i => i >= 90 ? 65 + (i % 2) : 40 + (0.5 * (i % 3)), 140, Only(rule))));
    }

    [Fact]
    public void Direction_DropBeyondTheFloorIgnoredByAnUpRule_ReportedByADownRule()
    {
        static double Drop(long i) => i >= 90 ? 5 + (i % 2) : Noise(i);

        Assert.Empty(FeedGauge(MetricNames.GpuUtil, Drop, 140, Only(new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, Direction = AnomalyDirection.Up })));
        var fired = Assert.Single(Firing(FeedGauge(MetricNames.GpuUtil, Drop, 140, Only(new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, Direction = AnomalyDirection.Down }))));
        Assert.Contains("below the expected", fired.Summary, StringComparison.Ordinal);
        Assert.Contains("pts (floor 15)", fired.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DropSmallerThanTheFloor_BothDirections_NoAlert()
    {
        // From a flat 40 % to a flat 30 %: a clear change point, but 10 points of utilization (floor 15).
        Assert.Empty(FeedGauge(MetricNames.GpuUtil, i => (i >= 90 ? 30 : 40) + (0.5 * (i % 3)), 140));
    }

    [Fact]
    public void KeepFiring_FloorApplies_DeparturesUnderItCountAsClear()
    {
        // Fires on a jump to 100, then gets spikes of +22 over the old level. With the default floor (15) they keep
        // the alert firing; with a floor of 30 (still far under the first jump) they count as clear. The SR threshold
        // is near zero so that every point is flagged: only the band and the floor decide.
        static double Series(long i) => i switch
        {
            < 90 => 40 + (0.5 * (i % 3)),
            < 93 => 100,
            < 130 when i % 4 == 0 => 62,
            _ => 40 + (0.5 * (i % 3)),
        };

        var options = new AnomalyOptions { SinglePointSpikes = true, Sr = new() { Threshold = 1e-6 } };
        var kept = FeedGauge(MetricNames.GpuUtil, Series, 170, options);
        var floored = FeedGauge(MetricNames.GpuUtil, Series, 170,
            options with { Rules = [new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, MinAbsoluteChange = 30 }] });

        Assert.Equal(90 * Bucket, Assert.Single(Firing(kept)).StartsAtMs);
        Assert.Equal(90 * Bucket, Assert.Single(Firing(floored)).StartsAtMs);
        var keptEnd = kept.Single(a => a.Status == AlertStatus.Resolved).EndsAtMs;
        var flooredEnd = floored.Single(a => a.Status == AlertStatus.Resolved).EndsAtMs;
        Assert.True(flooredEnd < keptEnd, $"resolved at {flooredEnd} with the higher floor, {keptEnd} with the default");
        Assert.Contains("or under the 30 pts floor", floored.Single(a => a.Status == AlertStatus.Resolved).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void OnePointSpike_NotAnAlertByDefault_FiresWithSinglePointSpikes()
    {
        static double Spike(long i) => i == 90 ? 95 : Noise(i);

        Assert.Empty(FeedGauge(MetricNames.GpuUtil, Spike, 120));
        Assert.Equal(90 * Bucket, Assert.Single(Firing(FeedGauge(MetricNames.GpuUtil, Spike, 120, new AnomalyOptions { SinglePointSpikes = true }))).StartsAtMs);
    }

    [Fact]
    public void TwoPointBurst_FiresAtItsFirstPointConfirmedByTheSecond()
    {
        var fired = Assert.Single(Firing(FeedGauge(MetricNames.GpuUtil, i => i is 90 or 91 ? 95 : Noise(i), 120)));
        Assert.Equal((90 * Bucket, 92 * Bucket), (fired.StartsAtMs, fired.TimeGeneratedMs));
    }

    private static MetricRow Latency(long i, long count, double p50, double p90, double p95, double max) => new()
    {
        WindowStartMs = i * Bucket,
        WindowEndMs = (i + 1) * Bucket,
        Metric = MetricNames.LatencyMs,
        Dims = Calls,
        ModelVersion = "v",
        Count = count,
        Sum = p50 * count,
        Min = p50 / 3,
        Max = max,
        Mean = p50,
        P50 = p50,
        P90 = p90,
        P95 = p95,
        P99 = max,
    };

    private static MetricRow Usual(long i) => Latency(i, 24, 250, 380, 400 + (10 * (i % 3)), 470);

    [Fact]
    public void P95OfFewRequests_TwoSlowCallsInTheBucket_NoAlert()
    {
        // 24 calls: p95 is the second slowest. Two slow calls lift it from ~410 to 800 ms for a few buckets while
        // the rest of the bucket (p50, p90) is as usual: the p95's confidence interval reaches down to ~p87.
        var alerts = Feed(i => i is >= 90 and < 93 ? Latency(i, 24, 250, 390, 800, 1200) : Usual(i), 130, new AnomalyOptions());
        Assert.Empty(alerts);
    }

    [Fact]
    public void P95_WholeDistributionSlower_Fires()
    {
        var fired = Assert.Single(Firing(Feed(i => i >= 90 ? Latency(i, 24, 500, 760, 800, 940) : Usual(i), 130, new AnomalyOptions())));
        Assert.Equal(AnomalyRules(MetricNames.LatencyMs), fired.Rule);
        Assert.Contains("ms (floor 200)", fired.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void P95_ManyRequests_TheIntervalIsNarrow_TwoSlowBucketsFire()
    {
        // 2,000 calls a bucket: the p95 is known to within p94.2..p95.8, so the same lifted p95 is believed.
        var alerts = Feed(i => i is >= 90 and < 93 ? Latency(i, 2000, 250, 390, 800, 1200) : Latency(i, 2000, 250, 380, 400 + (10 * (i % 3)), 470),
            130, new AnomalyOptions());
        Assert.Single(Firing(alerts));
    }

    private static string AnomalyRules(string metric) => "anomaly:" + metric;
}
