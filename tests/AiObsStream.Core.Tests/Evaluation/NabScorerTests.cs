using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Core.Tests.Evaluation;

/// <summary>Hand-built cases: 40 rows (probation = 6 rows), one window on rows 20..24 (width 5).</summary>
public class NabScorerTests
{
    private const int Rows = 40;
    private static readonly NabSeries Series = NabTestSeries.Create("s.csv", Rows, (20, 24));

    [Fact]
    public void Score_DetectionAtWindowStart_EarnsFullTpWeight()
    {
        var score = NabScorer.Score(NabTestSeries.Detect(Series, 20), NabProfile.Standard, 0.5);

        Assert.Equal(1.0, score.Score, 12);
        Assert.Equal(1, score.TruePositives);
        Assert.Equal(0, score.FalsePositives);
    }

    [Fact]
    public void Score_DetectionAtWindowEnd_EarnsSigmoidOfMinusOneFifth()
    {
        double expected = NabMath.ScaledSigmoid(-1.0 / 5) / NabMath.MaxTp;

        var score = NabScorer.Score(NabTestSeries.Detect(Series, 24), NabProfile.Standard, 0.5);

        Assert.Equal(expected, score.Score, 12);
        Assert.True(score.Score < 0.5);
    }

    [Fact]
    public void Score_TwoDetectionsInWindow_OnlyEarliestCounts()
    {
        var early = NabScorer.Score(NabTestSeries.Detect(Series, 22), NabProfile.Standard, 0.5);
        var both = NabScorer.Score(NabTestSeries.Detect(Series, 22, 23), NabProfile.Standard, 0.5);

        Assert.Equal(early.Score, both.Score, 12);
        Assert.Equal(2, both.TruePositives);
    }

    [Fact]
    public void Score_FalsePositiveAfterWindow_WeightedByDistanceOverWidthMinusOne()
    {
        // Row 27 is 3 rows after the window's right edge (24); width 5, so position 3 / 4.
        double expected = 1.0 + (0.11 * NabMath.ScaledSigmoid(3.0 / 4));

        var score = NabScorer.Score(NabTestSeries.Detect(Series, 20, 27), NabProfile.Standard, 0.5);

        Assert.Equal(expected, score.Score, 12);
        Assert.Equal(1, score.FalsePositives);
    }

    [Fact]
    public void Score_FalsePositiveFarAfterWindow_CostsFullFpWeight()
    {
        var score = NabScorer.Score(NabTestSeries.Detect(Series, 20, 39), NabProfile.RewardLowFpRate, 0.5);

        Assert.Equal(1.0 - 0.22, score.Score, 12);
    }

    [Fact]
    public void Score_FalsePositiveBeforeAnyWindow_CostsFullFpWeight()
    {
        var score = NabScorer.Score(NabTestSeries.Detect(Series, 10, 20), NabProfile.Standard, 0.5);

        Assert.Equal(1.0 - 0.11, score.Score, 12);
    }

    [Fact]
    public void Score_DetectionInProbation_Ignored()
    {
        var score = NabScorer.Score(NabTestSeries.Detect(Series, 0, 5), NabProfile.Standard, 0.5);

        Assert.Equal(-1.0, score.Score, 12);
        Assert.Equal(0, score.FalsePositives);
        Assert.Equal(Rows - 6, score.Total);
    }

    [Theory]
    [InlineData("standard", -1.0)]
    [InlineData("reward_low_FP_rate", -1.0)]
    [InlineData("reward_low_FN_rate", -2.0)]
    public void Score_MissedWindow_CostsProfileFnWeight(string profile, double expected)
    {
        var p = NabProfile.All.Single(x => x.Name == profile);

        var score = NabScorer.Score(NabTestSeries.Detect(Series), p, 0.5);

        Assert.Equal(expected, score.Score, 12);
        Assert.Equal(5, score.FalseNegatives);
    }

    [Fact]
    public void Score_ThresholdIsInclusive()
    {
        var scores = new double[Rows];
        scores[20] = 0.7;
        var series = new NabScoredSeries(Series, scores);

        Assert.Equal(1.0, NabScorer.Score(series, NabProfile.Standard, 0.7).Score, 12);
        Assert.Equal(-1.0, NabScorer.Score(series, NabProfile.Standard, 0.7000001).Score, 12);
    }

    [Fact]
    public void Score_Corpus_SumsSeries()
    {
        var other = NabTestSeries.Create("t.csv", 30, (10, 12), (20, 22));
        var corpus = new[] { NabTestSeries.Detect(Series, 20), NabTestSeries.Detect(other, 10) };

        var result = NabScorer.Score(corpus, NabProfile.Standard, 0.5);

        Assert.Equal(2, result.Series.Count);
        Assert.Equal(1.0 + 1.0 - 1.0, result.Total.Score, 12);
    }
}
