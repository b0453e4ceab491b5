namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>What <see cref="ScorePostProcessor"/> does with values outside the range seen so far.</summary>
public enum ValueRangePolicy
{
    /// <summary>The score is the anomaly likelihood alone.</summary>
    Off,

    /// <summary>NAB's "spatial anomaly" rule (numenta/NAB <c>numenta_detector.py</c>, SPATIAL_TOLERANCE): a value more
    /// than a tolerance fraction of the seen range below the minimum or above the maximum seen so far scores 1.</summary>
    FlagOutside,
}
