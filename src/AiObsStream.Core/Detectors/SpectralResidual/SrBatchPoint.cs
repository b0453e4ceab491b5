namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>One output row of <see cref="SrBatchDetector"/>.</summary>
/// <remarks>Fields the selected <see cref="SrDetectMode"/> does not compute are <see cref="double.NaN"/>.</remarks>
/// <param name="IsAnomaly">The final anomaly flag.</param>
/// <param name="Score">RawScore (clipped SR score) in AnomalyOnly/AnomalyAndExpectedValue; AnomalyScore in AnomalyAndMargin.</param>
/// <param name="Mag">The saliency S of the point.</param>
/// <param name="ExpectedValue">Expected value (AnomalyAndExpectedValue, AnomalyAndMargin).</param>
/// <param name="BoundaryUnit">Boundary unit (AnomalyAndMargin).</param>
/// <param name="UpperBoundary">Upper boundary (AnomalyAndMargin).</param>
/// <param name="LowerBoundary">Lower boundary (AnomalyAndMargin).</param>
public readonly record struct SrBatchPoint(
    bool IsAnomaly,
    double Score,
    double Mag,
    double ExpectedValue,
    double BoundaryUnit,
    double UpperBoundary,
    double LowerBoundary);
