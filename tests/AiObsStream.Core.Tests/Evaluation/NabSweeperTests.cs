using AiObsStream.Core.Evaluation.Nab;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Evaluation;

public class NabSweeperTests
{
    [Fact]
    public void Sweep_FirstRow_IsNoDetectionAtOnePointOne()
    {
        var series = NabTestSeries.Create("s.csv", 40, (20, 24), (30, 33));

        var curve = NabSweeper.Sweep([NabTestSeries.Detect(series, 20)], NabProfile.RewardLowFnRate.Costs);

        Assert.Equal(1.1, curve[0].Threshold);
        Assert.Equal(-4.0, curve[0].Score, 12);
        Assert.Equal(0, curve[0].TruePositives);
    }

    [Fact]
    public void Optimize_PicksThresholdThatMaximisesTotal()
    {
        var series = NabTestSeries.Create("s.csv", 40, (20, 24));
        var scores = new double[40];
        scores[20] = 0.8;
        scores[30] = 0.9;
        scores[35] = 0.3;

        var best = NabSweeper.Optimize([new NabScoredSeries(series, scores)], NabProfile.Standard);

        // 0.9 alone: FP (-0.11·…) and a missed window; 0.8: window found plus the FP; 0.3 adds a second FP.
        Assert.Equal(0.8, best.Threshold);
        Assert.Equal(1.0 + (0.11 * NabMath.ScaledSigmoid(6.0 / 4)), best.Score, 12);
    }

    [Fact]
    public void Optimize_TiedScores_KeepsHighestThreshold()
    {
        // Threshold 0.8 finds the window at its start; 0.6 adds a later row of the same window: same total (1.0).
        var series = NabTestSeries.Create("s.csv", 40, (20, 24));
        var scores = new double[40];
        scores[20] = 0.8;
        scores[22] = 0.6;

        var best = NabSweeper.Optimize([new NabScoredSeries(series, scores)], NabProfile.Standard);

        Assert.Equal(0.8, best.Threshold);
        Assert.Equal(1.0, best.Score, 12);
    }

    [Fact]
    public void Optimize_NoWindowAndNoSignal_DetectsNothing()
    {
        var series = NabTestSeries.Create("s.csv", 20);

        var best = NabSweeper.Optimize([new NabScoredSeries(series, new double[20])], NabProfile.Standard);

        Assert.Equal(NabSweeper.NoDetectionThreshold, best.Threshold);
        Assert.Equal(0.0, best.Score);
    }

    [Fact]
    public void Optimize_ThresholdGrid_EvaluatesOnlyGridPoints()
    {
        var series = NabTestSeries.Create("s.csv", 40, (20, 24));
        var scores = new double[40];
        scores[20] = 0.55;

        var exact = NabSweeper.Optimize([new NabScoredSeries(series, scores)], NabProfile.Standard);
        var grid = NabSweeper.Optimize([new NabScoredSeries(series, scores)], NabProfile.Standard, thresholdSteps: 10);

        Assert.Equal(0.55, exact.Threshold);
        Assert.Equal(0.5, grid.Threshold, 12);
        Assert.Equal(exact.Score, grid.Score, 12);
    }

    [Fact]
    public void Sweep_EveryThreshold_MatchesDirectScorer()
    {
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var corpus = RandomCorpus(random);
            var curve = NabSweeper.Sweep(corpus, NabProfile.Standard.Costs);
            foreach (var row in curve)
            {
                var direct = NabScorer.Score(corpus, NabProfile.Standard, row.Threshold).Total;
                if (Math.Abs(direct.Score - row.Score) > 1e-9 || direct.TruePositives != row.TruePositives
                    || direct.FalsePositives != row.FalsePositives || direct.FalseNegatives != row.FalseNegatives)
                {
                    return false;
                }
            }

            return true;
        });

        property.QuickCheckThrowOnFailure();
    }

    private static NabScoredSeries[] RandomCorpus(Random random)
    {
        var corpus = new NabScoredSeries[random.Next(1, 4)];
        for (int s = 0; s < corpus.Length; s++)
        {
            int rows = random.Next(20, 80);
            var windows = new List<(int, int)>();
            int at = (rows * 15 / 100) + random.Next(0, 5);
            while (at + 3 < rows && random.Next(3) > 0)
            {
                int end = Math.Min(rows - 1, at + random.Next(1, 8));
                windows.Add((at, end));
                at = end + 1 + random.Next(1, 10);
            }

            var scores = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                scores[i] = Math.Round(random.NextDouble(), 1);
            }

            corpus[s] = new NabScoredSeries(NabTestSeries.Create($"s{s}.csv", rows, [.. windows]), scores);
        }

        return corpus;
    }
}
