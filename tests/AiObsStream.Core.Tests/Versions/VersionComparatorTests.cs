using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Tests.Versions;

public class VersionComparatorTests
{
    private static readonly RegressionOptions Options = new();
    private static readonly RegressionSignal Latency = new() { Metric = MetricNames.LatencyMs, Kind = SignalKind.Distribution };
    private static readonly RegressionSignal Quality = new() { Metric = "groundedness", Kind = SignalKind.Distribution, HigherIsWorse = false };
    private static readonly List<double> SteadyWindows = [500, 505, 495, 500];

    private static DDSketch LogNormal(double median, int n, int seed)
    {
        var random = new Random(seed);
        var sketch = new DDSketch();
        for (var i = 0; i < n; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            sketch.Add(median * Math.Exp(0.4 * z));
        }

        return sketch;
    }

    private static DDSketch Scores(int seed, int n, params double[] weights)
    {
        var random = new Random(seed);
        var sketch = new DDSketch();
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble() * weights.Sum();
            var score = 1;
            for (; score < weights.Length && u > weights[score - 1]; score++)
            {
                u -= weights[score - 1];
            }

            sketch.Add(score);
        }

        return sketch;
    }

    [Fact]
    public void Distribution_SlowerNewVersion_RegressedWithEffectAndConfidence()
    {
        var r = VersionComparator.Distribution(Latency, LogNormal(500, 2000, 1), LogNormal(750, 300, 2), SteadyWindows, [750], Options);

        Assert.NotNull(r);
        Assert.True(r.Value.Regressed, r.Value.Detail);
        Assert.InRange(r.Value.Effect, 0.35, 0.65);
        Assert.True(r.Value.Confidence > 0.999);
        Assert.Contains("latency_ms p50", r.Value.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Distribution_SameDistribution_NotRegressed()
    {
        var r = VersionComparator.Distribution(Latency, LogNormal(500, 2000, 1), LogNormal(500, 300, 2), SteadyWindows, [500], Options);

        Assert.NotNull(r);
        Assert.False(r.Value.Regressed, r.Value.Detail);
        Assert.True(r.Value.Confidence < 0.99);
    }

    [Fact]
    public void Distribution_FasterNewVersion_NotRegressed()
    {
        var r = VersionComparator.Distribution(Latency, LogNormal(500, 2000, 1), LogNormal(300, 300, 2), SteadyWindows, [300], Options);

        Assert.False(r!.Value.Regressed);
        Assert.True(r.Value.Effect < 0);
    }

    [Fact]
    public void Distribution_TooFewObservationsOrWindows_NotCompared()
    {
        Assert.Null(VersionComparator.Distribution(Latency, LogNormal(500, 2000, 1), LogNormal(900, 40, 2), SteadyWindows, [900], Options));
        Assert.Null(VersionComparator.Distribution(Latency, LogNormal(500, 2000, 1), LogNormal(900, 300, 2), [], [900], Options));
    }

    // Changed with issue #11: a one-window baseline used to make the comparison impossible (null); it now decides on
    // overwhelming request-level evidence once the new version has batches to pool the window spread with
    // (with two, df 1 is a Cauchy tail: 0.99 needs t > 31.8; three are typical).
    [Fact]
    public void Distribution_OneBaselineWindow_DecidesOnOverwhelmingEvidenceWithThreeNewBatches()
    {
        var old = LogNormal(500, 120, 1);

        var oneNewWindow = VersionComparator.Distribution(Latency, old, LogNormal(1000, 300, 2), [500], [1000], Options);
        var threeNewWindows = VersionComparator.Distribution(Latency, old, LogNormal(1000, 300, 2), [500], [990, 1010, 1000], Options);
        var modest = VersionComparator.Distribution(Latency, old, LogNormal(600, 300, 2), [500], [590, 610, 600], Options);

        Assert.False(oneNewWindow!.Value.Regressed, oneNewWindow.Value.Detail);
        Assert.True(threeNewWindows!.Value.Regressed, threeNewWindows.Value.Detail);
        Assert.False(modest!.Value.Regressed, modest.Value.Detail); // +20 % < 1.5 × the 15 % minimum
    }

    [Fact]
    public void Verdict_FewBaselineWindows_NeedsOverwhelmingConfidenceEffectAndAgreeingWindows()
    {
        Assert.True(VersionComparator.Verdict(1.0, 0.9999, [500], [990, 1010, 1000], Latency, Options).Regressed);
        Assert.False(VersionComparator.Verdict(1.0, 0.9999, [500], [1000], Latency, Options).Regressed); // no spread to pool
        Assert.False(VersionComparator.Verdict(1.0, 0.995, [500], [990, 1010, 1000], Latency, Options).Regressed); // < 0.999
        Assert.False(VersionComparator.Verdict(0.2, 0.9999, [500], [590, 610, 600], Latency, Options).Regressed); // < 1.5 × 0.15
        Assert.False(VersionComparator.Verdict(1.0, 0.9999, [500], [300, 1700, 1000], Latency, Options).Regressed); // windows disagree
        Assert.True(VersionComparator.Verdict(0.2, 0.995, SteadyWindows, [600, 605], Latency, Options).Regressed); // enough windows: usual bar
    }

    [Fact]
    public void PooledConfidence_KnownAnswers()
    {
        // old [10], new [12, 14]: df 1, pooled variance 2, se √3, t = √3: the Cauchy CDF 1/2 + atan(√3)/π = 5/6
        Assert.Equal(5.0 / 6, VersionComparator.PooledConfidence([10], [12, 14], higherIsWorse: true), 9);

        // old [1, 3], new [5, 7]: df 2, t = 2√2, CDF = 1/2 + t / (2 √(2 + t²)) = 1/2 + 1/√5
        Assert.Equal(0.5 + (1 / Math.Sqrt(5)), VersionComparator.PooledConfidence([1, 3], [5, 7], higherIsWorse: true), 9);
        Assert.Equal(0.5 - (1 / Math.Sqrt(5)), VersionComparator.PooledConfidence([1, 3], [5, 7], higherIsWorse: false), 9);
        Assert.Equal(0.5, VersionComparator.PooledConfidence([10], [12], higherIsWorse: true)); // df 0
        Assert.Equal(1.0, VersionComparator.PooledConfidence([10], [12, 12], higherIsWorse: true)); // no spread, worse
    }

    [Fact]
    public void BatchMeans_PoolsSmallWindowsAndFoldsTheRemainderIntoTheLastBatch()
    {
        // (sum, count): 20 + 15 → one batch of 35; 40 alone; the 5-request remainder joins it
        var means = VersionComparator.BatchMeans(30, [(200, 20), (150, 15), (800, 40), (500, 5)]);

        Assert.Equal([350.0 / 35, 1300.0 / 45], means);
        Assert.Equal([10.0], VersionComparator.BatchMeans(30, [(100, 10)])); // less than one batch: one batch
        Assert.Empty(VersionComparator.BatchMeans(30, []));
    }

    [Fact]
    public void Distribution_WindowsVaryAsMuchAsTheChange_NotConfident()
    {
        // Requests say "much slower", but the old version's windows already swung this far: not a version effect.
        var r = VersionComparator.Distribution(Latency, LogNormal(500, 2000, 1), LogNormal(650, 300, 2), [300, 700, 450, 650], [650], Options);

        Assert.False(r!.Value.Regressed, r.Value.Detail);
    }

    [Fact]
    public void Distribution_QualityScoresDrop_RegressedWhenLowerIsWorse()
    {
        var old = Scores(1, 600, 0.02, 0.03, 0.1, 0.3, 0.55);
        var @new = Scores(2, 300, 0.1, 0.15, 0.3, 0.3, 0.15);

        var r = VersionComparator.Distribution(Quality, old, @new, [4.3, 4.35, 4.3], [3.4], Options);
        var better = VersionComparator.Distribution(Quality, @new, old, [3.4, 3.45, 3.4], [4.3], Options);

        Assert.True(r!.Value.Regressed, r.Value.Detail);
        Assert.False(better!.Value.Regressed);
    }

    [Fact]
    public void Proportion_ThrottlingRises_RegressedAndSmallRiseIsNot()
    {
        var signal = new RegressionSignal { Metric = MetricNames.Http429, Kind = SignalKind.Proportion };

        var big = VersionComparator.Proportion(signal, (5, 2000), (30, 400), [0, 0.005, 0], [0.075], Options);
        var small = VersionComparator.Proportion(signal, (5, 2000), (6, 400), [0, 0.005, 0], [0.015], Options);

        Assert.True(big!.Value.Regressed, big.Value.Detail);
        Assert.InRange(big.Value.Effect, 0.07, 0.08);
        Assert.False(small!.Value.Regressed, small.Value.Detail);
    }

    [Fact]
    public void WindowMean_EfficiencyDrops_RegressedAndNeedsWindows()
    {
        var signal = new RegressionSignal { Metric = RegressionSignals.GpuEfficiency, Kind = SignalKind.WindowMean, HigherIsWorse = false };

        var r = VersionComparator.WindowMean(signal, [100, 104, 98, 101, 99], [70, 72, 69], Options);

        Assert.True(r!.Value.Regressed, r.Value.Detail);
        Assert.InRange(r.Value.Effect, 0.28, 0.32);
        Assert.Null(VersionComparator.WindowMean(signal, [100, 104, 98], [70, 72], Options));
    }

    [Fact]
    public void ProbabilityGreater_IdenticalAndDisjointSketches()
    {
        var a = LogNormal(500, 1000, 1);

        Assert.InRange(VersionComparator.ProbabilityGreater(a, a), 0.499, 0.501);
        Assert.Equal(1.0, VersionComparator.ProbabilityGreater(LogNormal(5000, 500, 2), LogNormal(100, 500, 3)));
        Assert.Equal(0.0, VersionComparator.ProbabilityGreater(LogNormal(100, 500, 2), LogNormal(5000, 500, 3)));
    }

    [Fact]
    public void WindowConfidence_SingleNewWindowAgainstSpread_UsesPredictionInterval()
    {
        Assert.True(VersionComparator.WindowConfidence([500, 510, 490, 505], [800], higherIsWorse: true) > 0.999);
        Assert.True(VersionComparator.WindowConfidence([500, 510, 490, 505], [800], higherIsWorse: false) < 0.001);
        Assert.Equal(0.5, VersionComparator.WindowConfidence([500], [800], higherIsWorse: true));
    }
}
