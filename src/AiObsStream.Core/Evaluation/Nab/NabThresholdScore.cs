namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>The raw NAB score of a set of series at one threshold, with the row counts (NAB's <c>ThresholdScore</c>).</summary>
/// <param name="Threshold">Rows with anomaly score ≥ this value are detections (1.1 means none).</param>
/// <param name="Score">The raw (unnormalized) NAB score.</param>
/// <param name="TruePositives">Scored rows inside a window that are detections.</param>
/// <param name="TrueNegatives">Scored rows outside windows that are not detections.</param>
/// <param name="FalsePositives">Scored rows outside windows that are detections.</param>
/// <param name="FalseNegatives">Scored rows inside a window that are not detections.</param>
public readonly record struct NabThresholdScore(
    double Threshold, double Score, int TruePositives, int TrueNegatives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Number of scored (non-probationary) rows.</summary>
    public int Total => TruePositives + TrueNegatives + FalsePositives + FalseNegatives;
}
