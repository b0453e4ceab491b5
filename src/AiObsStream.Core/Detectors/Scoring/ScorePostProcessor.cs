namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>
/// Turns any raw per-point anomaly score stream (SR, SR-CNN, a forecaster's error...) into a calibrated anomaly score
/// in [0, 1] that can be thresholded once for many series: Numenta's anomaly likelihood of the raw score
/// (<see cref="AnomalyLikelihoodScorer"/>), optionally raised to 1 when the value leaves the range seen so far
/// (<see cref="ValueRangePolicy.FlagOutside"/>, the post-processing of NAB's own Numenta detector).
/// </summary>
/// <remarks>
/// <para>Everything is causal and per series, with no labels and no knowledge of the series length: the first
/// <see cref="AnomalyLikelihoodOptions.ProbationaryPeriod"/> points score 0.03 (likelihood 0.5) unless the range rule
/// fires, and the range rule waits <see cref="ScorePostProcessorOptions.ValueRangeWarmup"/> points. Deterministic: no
/// randomness, no clock.</para>
/// <para>Holds only options; one instance serves any number of series (state in <see cref="ScorePostProcessorState"/>).
/// Steady state allocates nothing.</para>
/// </remarks>
public sealed class ScorePostProcessor
{
    private readonly ScorePostProcessorOptions _options;
    private readonly AnomalyLikelihoodScorer _likelihood;

    /// <summary>Creates a post-processor; <paramref name="options"/> defaults to <see cref="ScorePostProcessorOptions"/>'s defaults.</summary>
    /// <param name="options">The parameters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ScorePostProcessor(ScorePostProcessorOptions? options = null)
    {
        _options = options ?? new ScorePostProcessorOptions();
        _options.Validate();
        _likelihood = new AnomalyLikelihoodScorer(_options.Likelihood);
    }

    /// <summary>The validated parameters.</summary>
    public ScorePostProcessorOptions Options => _options;

    /// <summary>Creates an empty per-series state.</summary>
    /// <returns>A new state.</returns>
    public ScorePostProcessorState CreateState() => new(_likelihood.CreateState());

    /// <summary>Feeds the next point of the series in <paramref name="state"/>.</summary>
    /// <param name="state">The series state.</param>
    /// <param name="value">The observed value (used by the range rule; non-finite values are ignored by it).</param>
    /// <param name="rawScore">The upstream detector's raw anomaly score for this point (non-finite counts as 0).</param>
    /// <returns>The calibrated anomaly score in [0, 1].</returns>
    /// <exception cref="ArgumentException">The state was created for other options.</exception>
    public double Update(ScorePostProcessorState state, double value, double rawScore)
    {
        ArgumentNullException.ThrowIfNull(state);
        double score = _likelihood.Update(state.Likelihood, rawScore).Score;
        if (_options.ValueRange == ValueRangePolicy.FlagOutside && IsOutsideRange(state, value))
        {
            score = 1.0;
        }

        if (double.IsFinite(value))
        {
            state.Minimum = Math.Min(state.Minimum, value);
            state.Maximum = Math.Max(state.Maximum, value);
        }

        state.Count++;
        return score;
    }

    private bool IsOutsideRange(ScorePostProcessorState state, double value)
    {
        // As NAB: no verdict until two distinct values were seen; the margin is a fraction of the seen range.
        if (state.Count < _options.ValueRangeWarmup || !double.IsFinite(value) || !(state.Minimum < state.Maximum))
        {
            return false;
        }

        double margin = (state.Maximum - state.Minimum) * _options.ValueRangeTolerance;
        return value > state.Maximum + margin || value < state.Minimum - margin;
    }
}
