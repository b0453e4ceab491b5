namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>A detector's NAB result under one profile.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Best">The corpus-wide best threshold with its raw score and row counts.</param>
/// <param name="NullScore">The null detector's raw score under this profile.</param>
/// <param name="PerfectScore">The perfect raw score under this profile.</param>
public sealed record NabProfileResult(NabProfile Profile, NabThresholdScore Best, double NullScore, double PerfectScore)
{
    /// <summary>The chosen threshold.</summary>
    public double Threshold => Best.Threshold;

    /// <summary>The raw score at the chosen threshold.</summary>
    public double RawScore => Best.Score;

    /// <summary>The normalized score: 0 for the null detector, 100 for a perfect one.</summary>
    public double NormalizedScore => NabNormalizer.Normalize(Best.Score, NullScore, PerfectScore);
}
