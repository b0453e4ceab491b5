namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>Scores series at a fixed threshold with NAB's rules (numenta/NAB <c>nab/scorer.py</c> on top of
/// <c>Sweeper.scoreDataSet</c>).</summary>
/// <remarks>
/// Per series: probationary rows are ignored; a row is a detection when its anomaly score is ≥ the threshold; each
/// window earns the reward of its earliest detection (<c>A_TP · S(−(right − i + 1)/width) / S(−1)</c>) or costs A_FN
/// when it has none; each detection outside a window costs <c>A_FP · S(distance after the preceding window / (its width
/// − 1))</c>, or A_FP with no preceding window. The corpus total is the sum of the series. Single-threaded.
/// </remarks>
public static class NabScorer
{
    /// <summary>Scores every series at <paramref name="threshold"/>.</summary>
    /// <param name="corpus">The scored series.</param>
    /// <param name="profile">The application profile.</param>
    /// <param name="threshold">Rows with an anomaly score ≥ this value are detections.</param>
    /// <returns>The total and per-series raw scores.</returns>
    public static NabCorpusScore Score(IReadOnlyList<NabScoredSeries> corpus, NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);
        profile.Costs.Validate();
        var rows = new NabSeriesScore[corpus.Count];
        var points = new List<NabSweepPoint>();
        double total = 0;
        int tp = 0, tn = 0, fp = 0, fn = 0;
        for (int s = 0; s < corpus.Count; s++)
        {
            points.Clear();
            NabSweepPoints.Append(corpus[s], profile.Costs, 0, 0, points);
            var score = ScoreSeries(points, corpus[s].Series.WindowRanges.Count, profile.Costs, threshold);
            rows[s] = new NabSeriesScore(corpus[s].Series.Name, score);
            total += score.Score;
            tp += score.TruePositives;
            tn += score.TrueNegatives;
            fp += score.FalsePositives;
            fn += score.FalseNegatives;
        }

        return new NabCorpusScore(new NabThresholdScore(threshold, total, tp, tn, fp, fn), rows);
    }

    /// <summary>Scores one series at <paramref name="threshold"/>.</summary>
    /// <param name="series">The scored series.</param>
    /// <param name="profile">The application profile.</param>
    /// <param name="threshold">Rows with an anomaly score ≥ this value are detections.</param>
    /// <returns>The raw score and counts.</returns>
    public static NabThresholdScore Score(NabScoredSeries series, NabProfile profile, double threshold) =>
        Score([series], profile, threshold).Total;

    private static NabThresholdScore ScoreSeries(List<NabSweepPoint> points, int windowCount, NabCostMatrix costs, double threshold)
    {
        var windowScore = new double[windowCount];
        var scorable = new bool[windowCount];
        var detected = new bool[windowCount];
        double fpPart = 0;
        int tp = 0, tn = 0, fp = 0, fn = 0;
        foreach (var p in points)
        {
            bool detection = p.AnomalyScore >= threshold;
            if (p.WindowId < 0)
            {
                if (detection)
                {
                    fp++;
                    fpPart += p.SweepScore;
                }
                else
                {
                    tn++;
                }

                continue;
            }

            scorable[p.WindowId] = true;
            if (!detection)
            {
                fn++;
                continue;
            }

            tp++;

            // Rows come in time order and the reward falls along a window, so the first detection is the best one.
            if (!detected[p.WindowId])
            {
                detected[p.WindowId] = true;
                windowScore[p.WindowId] = p.SweepScore;
            }
        }

        double total = fpPart;
        for (int w = 0; w < windowCount; w++)
        {
            // A window whose rows all fall in the probationary period is not scored at all (NAB's sweeper never sees it).
            total += detected[w] ? windowScore[w] : scorable[w] ? -costs.FnWeight : 0;
        }

        return new NabThresholdScore(threshold, total, tp, tn, fp, fn);
    }
}
