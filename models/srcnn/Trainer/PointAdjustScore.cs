namespace AiObsStream.SrCnn.Trainer;

/// <summary>Precision, recall and F1 after the delay-tolerant point adjustment, with the confusion counts.</summary>
internal readonly record struct PointAdjustScore(long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>
    /// sr-spec §2.4 (AIOps-2018 KPI metric, srcnn/competition_metric.py): for each maximal run of labelled points
    /// [s, e), an alarm in [s, min(s + delay, e − 1)] marks the whole run detected, otherwise none of it; alarms outside
    /// runs stay false positives. Counts are summed over all series (the reference concatenates them).
    /// </summary>
    public static PointAdjustScore Evaluate(IReadOnlyList<EvalSeries> series, IReadOnlyList<float[]> scores, double threshold, int delay)
    {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int k = 0; k < series.Count; k++)
        {
            bool[] labels = series[k].Labels;
            float[] score = scores[k];
            int i = 0;
            while (i < labels.Length)
            {
                if (!labels[i])
                {
                    fp += score[i] > threshold ? 1 : 0;
                    i++;
                    continue;
                }

                int s = i;
                while (i < labels.Length && labels[i])
                {
                    i++;
                }

                bool hit = false;
                for (int j = s; j <= Math.Min(s + delay, i - 1); j++)
                {
                    hit |= score[j] > threshold;
                }

                tp += hit ? i - s : 0;
                fn += hit ? 0 : i - s;
            }
        }

        return new PointAdjustScore(tp, fp, fn);
    }

    /// <summary>The threshold in 0.01 .. 0.99 (step 0.01) with the best F1 (first on ties).</summary>
    public static (double Threshold, PointAdjustScore Score) Best(IReadOnlyList<EvalSeries> series, IReadOnlyList<float[]> scores, int delay)
    {
        double bestThreshold = 0.5;
        PointAdjustScore best = default;
        for (int t = 1; t < 100; t++)
        {
            PointAdjustScore s = Evaluate(series, scores, t / 100.0, delay);
            if (s.F1 > best.F1)
            {
                best = s;
                bestThreshold = t / 100.0;
            }
        }

        return (bestThreshold, best);
    }
}
