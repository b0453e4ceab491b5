using MathNet.Numerics;

namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>
/// Streaming score post-processor after Numenta's anomaly likelihood (Ahmad et al., "Unsupervised real-time anomaly
/// detection for streaming data", Neurocomputing 2017; nupic <c>algorithms/anomaly_likelihood.py</c>): turns any raw
/// per-point anomaly score stream into a calibrated anomaly score in [0, 1].
/// </summary>
/// <remarks>
/// <para>Per point: average the newest A raw scores; during the first L + E points report likelihood 0.5 (the
/// averages after the first L points are collected for the fit); afterwards, every R points (and the first time) fit a
/// Gaussian to the averaged scores of the last ~H points (mean floored at 0.03, variance at 0.0003), compute the
/// one-sided-by-reflection tail probability Q(|avg − μ| / σ) of the current average, replace a red tail (≤ 1e-5) that
/// follows a red tail by 1e-3 so a run alerts once, and report L = 1 − tail and the log score
/// ln(1.0000000001 − L) / ln(1e-10).</para>
/// <para>Deviations from nupic, all deliberate: the history is kept as block summaries (see
/// <see cref="AnomalyLikelihoodState"/>) instead of the last H raw records; Q uses √2 exactly (nupic: 1.4142); the
/// averages are the streaming moving average (nupic recomputes the average from the start of its history at each fit,
/// which differs only for the first A − 1 points of the history); the "flat metric" special case of nupic, which needs
/// the input values, is left to the caller.</para>
/// <para>The object holds only the validated options; all per-series memory is in the state, so one scorer serves any
/// number of series. Steady state allocates nothing.</para>
/// </remarks>
public sealed class AnomalyLikelihoodScorer
{
    private const double LogFloor = -23.025850929940457; // ln(1e-10)

    private readonly AnomalyLikelihoodOptions _options;

    /// <summary>Creates a scorer; <paramref name="options"/> defaults to Numenta's defaults.</summary>
    /// <param name="options">The parameters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public AnomalyLikelihoodScorer(AnomalyLikelihoodOptions? options = null)
    {
        _options = options ?? new AnomalyLikelihoodOptions();
        _options.Validate();
    }

    /// <summary>The validated parameters.</summary>
    public AnomalyLikelihoodOptions Options => _options;

    /// <summary>Creates an empty per-series state sized for these options.</summary>
    /// <returns>A new state.</returns>
    public AnomalyLikelihoodState CreateState() => new(_options.AveragingWindow, _options.HistoryBlocks);

    /// <summary>Feeds the next raw score of the series in <paramref name="state"/> and returns its likelihood.</summary>
    /// <param name="state">The series state (created by a scorer with the same options).</param>
    /// <param name="rawScore">The raw anomaly score; NaN and infinities are treated as 0 (no evidence).</param>
    /// <returns>The likelihood and the calibrated log score.</returns>
    /// <exception cref="ArgumentException">The state was created for other sizes.</exception>
    public AnomalyLikelihoodPoint Update(AnomalyLikelihoodState state, double rawScore)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.AveragingWindow != _options.AveragingWindow || state.HistoryBlocks != _options.HistoryBlocks)
        {
            throw new ArgumentException("The state was created for other likelihood options.", nameof(state));
        }

        double averaged = state.PushRecent(double.IsFinite(rawScore) ? (float)rawScore : 0f);
        long iteration = state.Iteration;
        double likelihood = 0.5;
        if (iteration >= _options.ProbationaryPeriod)
        {
            if (!state.HasDistribution || iteration % _options.ReestimationPeriod == 0)
            {
                Estimate(state);
            }

            double tail = _options.Tail == LikelihoodTail.Upper
                ? UpperTailProbability(averaged, state.Mean, state.StandardDeviation)
                : TailProbability(averaged, state.Mean, state.StandardDeviation);
            double filtered = tail <= _options.RedTailProbability && state.PreviousTail <= _options.RedTailProbability
                ? _options.YellowTailProbability
                : tail;
            state.PreviousTail = tail;
            likelihood = 1.0 - filtered;
        }

        if (iteration >= _options.LearningPeriod)
        {
            state.Accumulate(averaged, _options.ReestimationPeriod);
        }

        state.Iteration = iteration + 1;
        return new AnomalyLikelihoodPoint(likelihood, LogScore(likelihood));
    }

    /// <summary>Numenta's log scale: ln(1.0000000001 − L) / ln(1e-10), clamped to [0, 1].</summary>
    /// <param name="likelihood">L in [0, 1].</param>
    /// <returns>The log score.</returns>
    public static double LogScore(double likelihood) =>
        Math.Clamp(Math.Log(1.0000000001 - likelihood) / LogFloor, 0.0, 1.0);

    /// <summary>The Gaussian tail probability beyond <paramref name="x"/>, reflected about the mean (nupic
    /// <c>tailProbability</c>): Q(|x − μ| / σ) = ½·erfc(|x − μ| / (σ√2)).</summary>
    /// <param name="x">The value.</param>
    /// <param name="mean">μ.</param>
    /// <param name="standardDeviation">σ &gt; 0.</param>
    /// <returns>A probability in [0, 0.5].</returns>
    public static double TailProbability(double x, double mean, double standardDeviation)
    {
        double z = Math.Abs(x - mean) / standardDeviation;
        return 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2.0));
    }

    /// <summary>The upper Gaussian tail probability Q((x − μ) / σ) = ½·erfc((x − μ) / (σ√2)).</summary>
    /// <param name="x">The value.</param>
    /// <param name="mean">μ.</param>
    /// <param name="standardDeviation">σ &gt; 0.</param>
    /// <returns>A probability in [0, 1]; above 0.5 when <paramref name="x"/> is below the mean.</returns>
    public static double UpperTailProbability(double x, double mean, double standardDeviation) =>
        0.5 * SpecialFunctions.Erfc((x - mean) / standardDeviation / Math.Sqrt(2.0));

    private void Estimate(AnomalyLikelihoodState state)
    {
        var (count, mean, variance) = state.Summarize(_options.ReestimationPeriod);
        if (count == 0)
        {
            // nupic nullDistribution: so broad that every score is likely.
            state.Mean = 0.5;
            state.StandardDeviation = 1e3;
        }
        else
        {
            state.Mean = Math.Max(mean, _options.MinimumMean);
            state.StandardDeviation = Math.Sqrt(Math.Max(variance, _options.MinimumVariance));
        }

        state.HasDistribution = true;
    }
}
