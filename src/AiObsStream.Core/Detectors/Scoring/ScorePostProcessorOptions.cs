namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>Parameters of <see cref="ScorePostProcessor"/>.</summary>
public sealed record ScorePostProcessorOptions
{
    /// <summary>The anomaly-likelihood stage. Default: Numenta's defaults.</summary>
    public AnomalyLikelihoodOptions Likelihood { get; init; } = new();

    /// <summary>Whether values outside the seen range score 1. Default <see cref="ValueRangePolicy.FlagOutside"/>.</summary>
    public ValueRangePolicy ValueRange { get; init; } = ValueRangePolicy.FlagOutside;

    /// <summary>Margin beyond the seen [min, max], as a fraction of max − min (NAB: 0.05). Default 0.05.</summary>
    public double ValueRangeTolerance { get; init; } = 0.05;

    /// <summary>Points a series must have before the range rule may fire (the range of a young series is not yet
    /// meaningful). Default 150: inside NAB's probation (15 % of the rows, at most 750) for every series of at least
    /// 1,000 rows, so on NAB it changes nothing, and in a live stream it stops alerts on a series' first points.</summary>
    public int ValueRangeWarmup { get; init; } = 150;

    /// <summary>Checks every parameter (including <see cref="Likelihood"/>).</summary>
    /// <exception cref="ArgumentNullException"><see cref="Likelihood"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Likelihood);
        Likelihood.Validate();
        if (!Enum.IsDefined(ValueRange))
        {
            throw new ArgumentOutOfRangeException(nameof(ValueRange), ValueRange, "Unknown policy.");
        }

        if (!(ValueRangeTolerance >= 0 && double.IsFinite(ValueRangeTolerance)))
        {
            throw new ArgumentOutOfRangeException(nameof(ValueRangeTolerance), ValueRangeTolerance, "Must be finite and >= 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ValueRangeWarmup);
    }
}
