using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Anomaly;

public class AnomalyEngineTests
{
    private const long Bucket = 2_000;
    private static readonly SeriesDims Gpu = new DimsPool().Intern(new DimsKey(TelemetrySource.DCGM, "chat", "", "", "", "", "h", "g"));

    private static MetricRow Row(long i, double value) => new()
    {
        WindowStartMs = i * Bucket,
        WindowEndMs = (i + 1) * Bucket,
        Metric = MetricNames.GpuUtil,
        Dims = Gpu,
        ModelVersion = "v",
        Count = 2,
        Sum = value * 2,
        Min = value,
        Max = value,
        Mean = value,
    };

    private static List<AlertEvent> Feed(IEnumerable<double> values, AnomalyOptions? options = null)
    {
        var engine = new AnomalyEngine(options ?? new AnomalyOptions());
        var output = new List<AlertEvent>();
        var i = 0L;
        foreach (var v in values)
        {
            engine.EvaluateBucket(i * Bucket, [Row(i, v)], output);
            i++;
        }

        return output;
    }

    private static double Noise(int i) => 40 + (5 * Math.Sin(i * 0.7)) + (3 * Math.Cos(i * 1.3));

    [Fact]
    public void Spike_AfterWarmup_FiresWithEvidenceThenResolves()
    {
        // A one-point spike fires only with SinglePointSpikes (by default a departure must hold: AnomalyEngineFloorTests).
        var values = Enumerable.Range(0, 120).Select(i => i == 90 ? 95.0 : Noise(i));
        var alerts = Feed(values, new AnomalyOptions { SinglePointSpikes = true });
        Assert.Equal(2, alerts.Count);
        var fired = alerts[0];
        Assert.Equal(("anomaly:gpu_util", AlertStatus.Firing, 90 * Bucket), (fired.Rule, fired.Status, fired.StartsAtMs));
        Assert.Equal(95, fired.Value);
        Assert.InRange(fired.ExpectedValue, 35, 45);
        Assert.True(fired.UpperBound < 95 && fired.LowerBound < fired.ExpectedValue);
        Assert.True(fired.Score > 0.2);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Equal(fired.AlertId, alerts[1].AlertId);
    }

    [Fact]
    public void LevelDrop_FiresForBothDirectionRule()
    {
        var values = Enumerable.Range(0, 120).Select(i => i < 90 ? Noise(i) : 2 + (i % 3));
        var fired = Assert.Single(Feed(values), a => a.Status == AlertStatus.Firing);
        Assert.InRange(fired.StartsAtMs, 90 * Bucket, 92 * Bucket);
        Assert.Contains("below the expected", fired.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SpikeDuringWarmup_NotReported()
    {
        Assert.Empty(Feed(Enumerable.Range(0, 60).Select(i => i == 30 ? 500.0 : Noise(i))));
    }

    [Fact]
    public void NoiseOnly_NoAlerts()
    {
        var rng = new Random(7);
        Assert.Empty(Feed(Enumerable.Range(0, 400).Select(_ => 40 + (rng.NextDouble() * 4))));
    }

    [Fact]
    public void UpOnlyRule_IgnoresDrops()
    {
        var options = new AnomalyOptions { Rules = [new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, Direction = AnomalyDirection.Up }] };
        Assert.Empty(Feed(Enumerable.Range(0, 120).Select(i => i == 90 ? 0.0 : Noise(i)), options));
    }

    [Fact]
    public void SameInputTwice_IdenticalAlerts()
    {
        var values = Enumerable.Range(0, 120).Select(i => i is 90 or 91 ? 95.0 : Noise(i)).ToList();
        var first = Feed(values);
        Assert.NotEmpty(first);
        Assert.Equal(first.Select(a => a.AlertId), Feed(values).Select(a => a.AlertId));
    }

    [Fact]
    public void ChangePointThatComesBack_IsNotAShift_NoAlert()
    {
        // One moderate excursion (beyond 3 but within 4 robust sigmas of the window) that returns at once.
        var values = Enumerable.Range(0, 120).Select(i => i == 90 ? 58.0 : Noise(i)).ToList();
        Assert.DoesNotContain(Feed(values), a => a.Status == AlertStatus.Firing && a.StartsAtMs == 90 * Bucket);
    }

    [Fact]
    public void LevelShift_FiresAfterConfirmation_StartsAtTheChangePoint()
    {
        // The spike test is disabled (huge band), so only the level-shift path can fire.
        var values = Enumerable.Range(0, 120).Select(i => i < 90 ? Noise(i) : 8 + (i % 2));
        var fired = Assert.Single(Feed(values, new AnomalyOptions { BandSigmas = 1000 }), a => a.Status == AlertStatus.Firing);
        Assert.Equal(90 * Bucket, fired.StartsAtMs);
        Assert.True(fired.TimeGeneratedMs > fired.StartsAtMs + Bucket, "a shift is confirmed by the points after the change");
    }
}
