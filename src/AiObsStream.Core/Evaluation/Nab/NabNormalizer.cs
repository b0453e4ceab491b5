namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>NAB's score normalisation (numenta/NAB <c>nab/runner.py</c>, <c>Runner.normalize</c>).</summary>
/// <remarks>
/// <c>normalized = 100 · (raw − null) / (perfect − null)</c>, where <c>null</c> is the optimised raw score of the null
/// (constant) detector under the same profile and <c>perfect</c> = (number of labelled windows) · A_TP. So the null
/// detector scores 0 and a detector that hits every window at its first row with no false positive scores 100.
/// </remarks>
public static class NabNormalizer
{
    /// <summary>Normalizes a raw score.</summary>
    /// <param name="raw">The detector's raw score.</param>
    /// <param name="nullScore">The null detector's raw score.</param>
    /// <param name="perfectScore">The perfect raw score.</param>
    /// <returns>The normalized score (0 = null, 100 = perfect); 0 when perfect equals null (a corpus with no window).</returns>
    public static double Normalize(double raw, double nullScore, double perfectScore)
    {
        double range = perfectScore - nullScore;
        return range == 0 ? 0 : 100.0 * (raw - nullScore) / range;
    }

    /// <summary>The perfect raw score: every labelled window earns A_TP.</summary>
    /// <param name="corpus">The labelled series.</param>
    /// <param name="costs">The profile weights.</param>
    /// <returns>Windows × A_TP.</returns>
    public static double PerfectScore(IReadOnlyList<NabSeries> corpus, NabCostMatrix costs)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        int windows = 0;
        foreach (var series in corpus)
        {
            windows += series.Windows.Count;
        }

        return windows * costs.TpWeight;
    }

    /// <summary>The null baseline: the optimised raw score of a constant detector (NAB runs its null detector).</summary>
    /// <param name="corpus">The labelled series.</param>
    /// <param name="profile">The application profile.</param>
    /// <returns>The null detector's best raw score.</returns>
    public static double NullScore(IReadOnlyList<NabSeries> corpus, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var scored = new NabScoredSeries[corpus.Count];
        for (int i = 0; i < corpus.Count; i++)
        {
            var scores = new double[corpus[i].Length];
            scores.AsSpan().Fill(0.5);
            scored[i] = new NabScoredSeries(corpus[i], scores);
        }

        return NabSweeper.Optimize(scored, profile).Score;
    }
}
