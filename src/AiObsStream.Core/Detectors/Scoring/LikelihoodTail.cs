namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>Which deviations of the averaged raw score from its fitted mean count as unlikely.</summary>
public enum LikelihoodTail
{
    /// <summary>Numenta's rule: a value below the mean is reflected about it, so unusually low raw scores are as
    /// unlikely as unusually high ones: tail = Q(|x − μ| / σ).</summary>
    Reflected,

    /// <summary>Only unusually high raw scores are unlikely: tail = Q((x − μ) / σ), above 0.5 below the mean.</summary>
    Upper,
}
