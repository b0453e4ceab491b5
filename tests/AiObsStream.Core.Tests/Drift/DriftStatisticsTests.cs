using AiObsStream.Core.Drift;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Drift;

public class DriftStatisticsTests
{
    internal static DDSketch Normal(int seed, int n, double mean, double sd)
    {
        var random = new Random(seed);
        var s = new DDSketch();
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            s.Add(mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
        }

        return s;
    }

    private static DDSketch Of(params double[] values)
    {
        var s = new DDSketch();
        foreach (var v in values)
        {
            s.Add(v);
        }

        return s;
    }

    [Fact]
    public void Compare_IdenticalSketches_AllDistancesZero()
    {
        var a = Normal(1, 5000, 100, 15);
        var m = DriftStatistics.Compare(a, a);
        Assert.Equal(0, m.Psi, 12);
        Assert.Equal(0, m.JensenShannon, 12);
        Assert.Equal(0, m.Wasserstein, 12);
        Assert.Equal(0, m.KsStatistic, 12);
        Assert.Equal(1, m.PValue);
    }

    [Fact]
    public void Compare_DisjointShiftedSets_KsIsHalfAndWassersteinIsShift()
    {
        var m = DriftStatistics.Compare(Of(1, 2, 3, 4), Of(3, 4, 5, 6));
        Assert.Equal(0.5, m.KsStatistic, 12);
        Assert.Equal(2.0, m.Wasserstein, 1); // bins are 1 % wide
        Assert.Equal(4.5, m.CurrentMean, 12);
    }

    [Fact]
    public void Compare_NormalShiftedByHalfSd_WassersteinAndKsMatchTheory()
    {
        var m = DriftStatistics.Compare(Normal(2, 20_000, 10, 2), Normal(3, 20_000, 11, 2));
        Assert.InRange(m.Wasserstein, 0.9, 1.1);                 // W1 of a location shift = the shift
        Assert.InRange(m.NormalizedWasserstein, 0.45, 0.55);
        Assert.InRange(m.KsStatistic, 0.17, 0.22);               // 2 Phi(0.25) - 1 = 0.197
        Assert.True(m.PValue < 1e-12);
        Assert.True(m.Psi > 0.2, $"PSI {m.Psi}");
    }

    [Fact]
    public void Psi_TextbookTwoBuckets_MatchesHandComputed()
    {
        // (0.4 - 0.5) ln(0.8) + (0.6 - 0.5) ln(1.2) = 0.040546
        Assert.Equal(0.0405465108, DriftStatistics.Psi([0.5, 0.5], [0.4, 0.6]), 9);
        Assert.Equal(0, DriftStatistics.Psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 12);
    }

    [Fact]
    public void JensenShannon_KnownCases_MatchHandComputed()
    {
        Assert.Equal(1, DriftStatistics.JensenShannon([1, 0], [0, 1]), 12);
        Assert.Equal(0.3112781, DriftStatistics.JensenShannon([1, 0], [0.5, 0.5]), 6);
        Assert.Equal(0, DriftStatistics.JensenShannon([0.3, 0.7], [0.3, 0.7]), 12);
    }

    [Fact]
    public void KolmogorovQ_KnownValues_Match()
    {
        Assert.Equal(0.2699997, DriftStatistics.KolmogorovQ(1.0), 6);
        Assert.Equal(1, DriftStatistics.KolmogorovQ(0.1));
        Assert.True(DriftStatistics.KolmogorovQ(5) < 1e-20);
    }

    [Fact]
    public void KsPValue_HundredEachDTwoTenths_MatchesStephensFormula()
    {
        Assert.Equal(0.0313767, DriftStatistics.KsPValue(0.2, 100, 100), 5);
        Assert.Equal(1, DriftStatistics.KsPValue(0, 100, 100));
        Assert.Equal(1, DriftStatistics.KsPValue(0.5, 0, 100));
        Assert.Equal(1, DriftStatistics.KsPValue(double.NaN, 10, 10));
    }

    [Fact]
    public void TwoProportions_TenVersusTwentyPercent_MatchesZTestAndCohensH()
    {
        var (p, h) = DriftStatistics.TwoProportions(10, 100, 20, 100);
        Assert.Equal(0.0476704, p, 5);
        Assert.Equal(0.2837941, h, 6);
    }

    [Fact]
    public void TwoProportions_BadInput_NoSignificance()
    {
        Assert.Equal(1, DriftStatistics.TwoProportions(5, 0, 1, 10).PValue);
        Assert.Equal(1, DriftStatistics.TwoProportions(11, 10, 1, 10).PValue);
        Assert.Equal(1, DriftStatistics.TwoProportions(0, 10, 0, 10).PValue);
    }

    [Fact]
    public void Compare_EmptySide_NaNDistancesAndNoSignificance()
    {
        var m = DriftStatistics.Compare(new DDSketch(), Of(1, 2, 3));
        Assert.True(double.IsNaN(m.Psi));
        Assert.True(double.IsNaN(m.KsStatistic));
        Assert.Equal(1, m.PValue);
    }

    [Fact]
    public void Compare_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => DriftStatistics.Compare(null!, new DDSketch()));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftStatistics.Compare(new DDSketch(), new DDSketch(), 1));
        Assert.Throws<ArgumentException>(() => DriftStatistics.Psi([0.5, 0.5], [1.0]));
    }

    [Fact]
    public void Compare_DiscreteScores_OneBucketPerValue()
    {
        var reference = new DDSketch();
        var current = new DDSketch();
        int[] refCounts = [0, 5, 10, 40, 45], curCounts = [5, 15, 30, 30, 20];
        for (var v = 1; v <= 5; v++)
        {
            reference.Add(v, refCounts[v - 1] * 10);
            current.Add(v, curCounts[v - 1] * 10);
        }

        var m = DriftStatistics.Compare(reference, current);

        // Cumulative gaps: 0.05, 0.15, 0.35, 0.25, 0 -> D = 0.35; W1 = 0.05 + 0.15 + 0.35 + 0.25 = 0.8 (unit steps).
        Assert.Equal(0.35, m.KsStatistic, 9);
        Assert.Equal(0.8, m.Wasserstein, 1);
        Assert.True(m.Psi > 0.2);
    }

    [Fact]
    public void AppendBins_MixedSigns_AscendingWithZeroBin()
    {
        var s = Of(-5, -1, 0, 0, 2, 2, 7);
        var bins = new List<(double Value, long Count)>();
        s.AppendBins(bins);
        Assert.Equal(5, bins.Count);
        for (var i = 1; i < bins.Count; i++)
        {
            Assert.True(bins[i].Value > bins[i - 1].Value);
        }

        Assert.Equal((0.0, 2L), bins[2]);
        Assert.Equal(7, bins.Sum(b => b.Count));
    }
}
