namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>NAB's threshold sweep and corpus-wide threshold optimisation (numenta/NAB <c>nab/sweeper.py</c>,
/// <c>nab/optimizer.py</c>).</summary>
/// <remarks>
/// All rows of all series are pooled and sorted by anomaly score, highest first; lowering the threshold one distinct
/// score at a time turns rows into detections. A window's part is −A_FN until one of its rows is detected, then the
/// best (earliest) detected row's reward; every detected row outside a window adds its FP cost. The optimiser returns
/// the threshold with the largest total; on a tie, the highest threshold (NAB sorts the rows with a stable sort).
/// Single-threaded; allocates O(rows) per call.
/// </remarks>
public static class NabSweeper
{
    /// <summary>The threshold that detects nothing (NAB starts its sweep at 1.1).</summary>
    public const double NoDetectionThreshold = 1.1;

    /// <summary>The raw score at every distinct threshold, highest threshold first (NAB's <c>calcScoreByThreshold</c>).</summary>
    /// <param name="corpus">The scored series.</param>
    /// <param name="costs">The profile weights.</param>
    /// <returns>One row per distinct anomaly score, preceded by the row for <see cref="NoDetectionThreshold"/>.</returns>
    public static IReadOnlyList<NabThresholdScore> Sweep(IReadOnlyList<NabScoredSeries> corpus, NabCostMatrix costs)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        costs.Validate();
        var points = new List<NabSweepPoint>();
        int windows = 0;
        int order = 0;
        for (int s = 0; s < corpus.Count; s++)
        {
            NabSweepPoints.Append(corpus[s], costs, windows, order, points);
            windows += corpus[s].Series.WindowRanges.Count;
            order += corpus[s].Series.Length;
        }

        return Sweep(points, windows, costs);
    }

    /// <summary>Finds the threshold that maximises the total raw score over the whole corpus for one profile.</summary>
    /// <param name="corpus">The scored series.</param>
    /// <param name="profile">The application profile.</param>
    /// <param name="thresholdSteps">0 for NAB's exact sweep over every distinct score; N &gt; 0 to consider only the
    /// thresholds k/N (k = 0..N) and 1.1.</param>
    /// <returns>The best threshold, its raw score and counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="thresholdSteps"/> is negative.</exception>
    public static NabThresholdScore Optimize(IReadOnlyList<NabScoredSeries> corpus, NabProfile profile, int thresholdSteps = 0)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdSteps);
        var curve = Sweep(corpus, profile.Costs);
        return thresholdSteps == 0 ? Best(curve) : BestOnGrid(curve, thresholdSteps);
    }

    /// <summary>The first row with the largest score (NAB's stable descending sort keeps the highest threshold).</summary>
    internal static NabThresholdScore Best(IReadOnlyList<NabThresholdScore> curve)
    {
        var best = curve[0];
        for (int i = 1; i < curve.Count; i++)
        {
            if (curve[i].Score > best.Score)
            {
                best = curve[i];
            }
        }

        return best;
    }

    /// <summary>The score at threshold <paramref name="threshold"/>: the curve row with the smallest threshold ≥ it.</summary>
    internal static NabThresholdScore At(IReadOnlyList<NabThresholdScore> curve, double threshold)
    {
        var row = curve[0];
        for (int i = 1; i < curve.Count && curve[i].Threshold >= threshold; i++)
        {
            row = curve[i];
        }

        return row with { Threshold = threshold };
    }

    private static NabThresholdScore BestOnGrid(IReadOnlyList<NabThresholdScore> curve, int steps)
    {
        var best = At(curve, NoDetectionThreshold);
        int row = 0;
        for (int k = steps; k >= 0; k--)
        {
            double threshold = k / (double)steps;
            while (row + 1 < curve.Count && curve[row + 1].Threshold >= threshold)
            {
                row++;
            }

            var candidate = curve[row] with { Threshold = threshold };
            if (candidate.Score > best.Score)
            {
                best = candidate;
            }
        }

        return best;
    }

    private static List<NabThresholdScore> Sweep(List<NabSweepPoint> points, int windowCount, NabCostMatrix costs)
    {
        points.Sort(static (a, b) => a.AnomalyScore != b.AnomalyScore ? b.AnomalyScore.CompareTo(a.AnomalyScore) : a.Order.CompareTo(b.Order));
        var parts = new double[windowCount];
        int tn = 0;
        int fn = 0;
        foreach (var p in points)
        {
            if (p.WindowId < 0)
            {
                tn++;
            }
            else
            {
                fn++;
                parts[p.WindowId] = -costs.FnWeight;
            }
        }

        var curve = new List<NabThresholdScore>();
        int tp = 0;
        int fp = 0;
        double fpPart = 0;
        double threshold = NoDetectionThreshold;
        foreach (var p in points)
        {
            if (p.AnomalyScore != threshold)
            {
                curve.Add(new NabThresholdScore(threshold, Total(fpPart, parts), tp, tn, fp, fn));
                threshold = p.AnomalyScore;
            }

            if (p.WindowId < 0)
            {
                fp++;
                tn--;
                fpPart += p.SweepScore;
            }
            else
            {
                tp++;
                fn--;
                parts[p.WindowId] = Math.Max(parts[p.WindowId], p.SweepScore);
            }
        }

        curve.Add(new NabThresholdScore(threshold, Total(fpPart, parts), tp, tn, fp, fn));
        return curve;
    }

    private static double Total(double fpPart, double[] parts)
    {
        // Recomputed from the parts at every threshold, as NAB does, so no rounding drift builds up over 365k rows.
        double total = fpPart;
        for (int i = 0; i < parts.Length; i++)
        {
            total += parts[i];
        }

        return total;
    }
}
