namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>Runs a detector over a NAB corpus and scores it the way NAB's runner does: detect, optimise one threshold
/// per profile over the whole corpus, score, normalize against the null and perfect detectors.</summary>
/// <remarks>Pure and single-threaded: the corpus is already in memory; series are scored one after the other.</remarks>
public static class NabBenchmark
{
    /// <summary>Scores every series with <paramref name="detector"/>, then evaluates the scores.</summary>
    /// <param name="corpus">The labelled series.</param>
    /// <param name="detector">The detector.</param>
    /// <param name="profiles">The profiles to report (usually <see cref="NabProfile.All"/>).</param>
    /// <param name="thresholdSteps">0 for NAB's exact threshold sweep, N &gt; 0 for the grid k/N.</param>
    /// <returns>The result per profile.</returns>
    /// <exception cref="ArgumentException">The detector returned a score outside [0, 1] or NaN (the message names the
    /// series and row).</exception>
    public static NabBenchmarkResult Run(IReadOnlyList<NabSeries> corpus, INabDetector detector,
        IReadOnlyList<NabProfile> profiles, int thresholdSteps = 0)
    {
        ArgumentNullException.ThrowIfNull(detector);
        return Evaluate(detector.Name, Detect(corpus, detector), profiles, thresholdSteps);
    }

    /// <summary>Runs <paramref name="detector"/> over every series.</summary>
    /// <param name="corpus">The labelled series.</param>
    /// <param name="detector">The detector.</param>
    /// <returns>The scored series, in corpus order.</returns>
    public static IReadOnlyList<NabScoredSeries> Detect(IReadOnlyList<NabSeries> corpus, INabDetector detector)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(detector);
        var scored = new NabScoredSeries[corpus.Count];
        for (int i = 0; i < corpus.Count; i++)
        {
            var scores = new double[corpus[i].Length];
            detector.ScoreSeries(corpus[i], scores);
            scored[i] = new NabScoredSeries(corpus[i], scores);
        }

        return scored;
    }

    /// <summary>Evaluates scores computed elsewhere (for example read from a NAB results file).</summary>
    /// <param name="detectorName">Name for the report.</param>
    /// <param name="scored">The scored series (the whole corpus: the null and perfect scores are computed from it).</param>
    /// <param name="profiles">The profiles to report.</param>
    /// <param name="thresholdSteps">0 for NAB's exact threshold sweep, N &gt; 0 for the grid k/N.</param>
    /// <returns>The result per profile.</returns>
    public static NabBenchmarkResult Evaluate(string detectorName, IReadOnlyList<NabScoredSeries> scored,
        IReadOnlyList<NabProfile> profiles, int thresholdSteps = 0)
    {
        ArgumentNullException.ThrowIfNull(detectorName);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(profiles);
        var series = new NabSeries[scored.Count];
        int rows = 0;
        for (int i = 0; i < scored.Count; i++)
        {
            series[i] = scored[i].Series;
            rows += series[i].Length;
        }

        var results = new NabProfileResult[profiles.Count];
        for (int p = 0; p < profiles.Count; p++)
        {
            var profile = profiles[p];
            var best = NabSweeper.Optimize(scored, profile, thresholdSteps);
            results[p] = new NabProfileResult(profile, best, NabNormalizer.NullScore(series, profile),
                NabNormalizer.PerfectScore(series, profile.Costs));
        }

        int windows = 0;
        foreach (var s in series)
        {
            windows += s.Windows.Count;
        }

        return new NabBenchmarkResult(detectorName, series.Length, rows, windows, results);
    }
}
