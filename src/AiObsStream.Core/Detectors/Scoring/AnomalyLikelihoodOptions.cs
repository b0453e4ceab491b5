namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>Parameters of <see cref="AnomalyLikelihoodScorer"/>; defaults are Numenta's (nupic
/// <c>anomaly_likelihood.AnomalyLikelihood</c> and <c>estimateAnomalyLikelihoods</c>).</summary>
/// <remarks>
/// The defaults assume raw scores of roughly unit scale (HTM raw scores are in [0, 1]; SR raw scores mostly are).
/// <see cref="MinimumMean"/> and <see cref="MinimumVariance"/> are absolute floors in raw-score units, so a raw score
/// on another scale should be rescaled first.
/// </remarks>
public sealed record AnomalyLikelihoodOptions
{
    /// <summary>Points ignored entirely while the upstream detector settles (Numenta <c>learningPeriod</c>). Default 288.</summary>
    public int LearningPeriod { get; init; } = 288;

    /// <summary>Points after the learning period used for the first estimate of the distribution (Numenta
    /// <c>estimationSamples</c>). Until <see cref="LearningPeriod"/> + this many points were seen the likelihood is 0.5.
    /// Default 100.</summary>
    public int EstimationSamples { get; init; } = 100;

    /// <summary>Points of history the distribution is estimated from (Numenta <c>historicWindowSize</c>; 8640 is a month
    /// at 5 minutes). Kept as <see cref="ReestimationPeriod"/>-sized block summaries, so the effective window is the
    /// last ⌊H / R⌋ whole blocks plus the current partial block. Default 8640.</summary>
    public int HistoricWindowSize { get; init; } = 8640;

    /// <summary>The distribution is re-estimated every this many points (Numenta <c>reestimationPeriod</c>); also the
    /// block size of the history summary. Default 100.</summary>
    public int ReestimationPeriod { get; init; } = 100;

    /// <summary>Length of the short moving average of raw scores that is compared with the distribution (Numenta
    /// <c>averagingWindow</c>). Default 10.</summary>
    public int AveragingWindow { get; init; } = 10;

    /// <summary>Floor of the estimated mean (Numenta: 0.03). Default 0.03.</summary>
    public double MinimumMean { get; init; } = 0.03;

    /// <summary>Floor of the estimated variance (Numenta: 0.0003). Default 0.0003.</summary>
    public double MinimumVariance { get; init; } = 0.0003;

    /// <summary>Tail probability at or below which a point is "red" (Numenta: 1 − 0.99999). A red point right after
    /// another red point is reported at <see cref="YellowTailProbability"/> instead, so a run of red points alerts
    /// once. Default 1e-5.</summary>
    public double RedTailProbability { get; init; } = 1e-5;

    /// <summary>Tail probability reported for a red point that follows a red point (Numenta: 1 − 0.999). Default 1e-3.</summary>
    public double YellowTailProbability { get; init; } = 1e-3;

    /// <summary>Which deviations count as unlikely. Default <see cref="LikelihoodTail.Reflected"/> (Numenta).</summary>
    public LikelihoodTail Tail { get; init; } = LikelihoodTail.Reflected;

    /// <summary>Blocks of <see cref="ReestimationPeriod"/> points kept in the history summary: ⌊H / R⌋.</summary>
    public int HistoryBlocks => HistoricWindowSize / ReestimationPeriod;

    /// <summary>Points before the first real likelihood: <see cref="LearningPeriod"/> + <see cref="EstimationSamples"/>.</summary>
    public int ProbationaryPeriod => LearningPeriod + EstimationSamples;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the parameter name says which.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(LearningPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThan(EstimationSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReestimationPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoricWindowSize, Math.Max(ReestimationPeriod, EstimationSamples));
        ArgumentOutOfRangeException.ThrowIfLessThan(AveragingWindow, 1);
        if (!(MinimumMean >= 0 && double.IsFinite(MinimumMean)))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumMean), MinimumMean, "Must be finite and >= 0.");
        }

        if (!(MinimumVariance > 0 && double.IsFinite(MinimumVariance)))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumVariance), MinimumVariance, "Must be finite and > 0.");
        }

        if (!Enum.IsDefined(Tail))
        {
            throw new ArgumentOutOfRangeException(nameof(Tail), Tail, "Unknown tail mode.");
        }

        if (!(RedTailProbability > 0 && RedTailProbability < YellowTailProbability && YellowTailProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RedTailProbability), RedTailProbability,
                "Must satisfy 0 < RedTailProbability < YellowTailProbability < 1.");
        }
    }
}
