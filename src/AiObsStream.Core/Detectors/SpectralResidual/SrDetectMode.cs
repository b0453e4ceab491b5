namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>What the batch detector computes (ML.NET <c>SrCnnDetectMode</c>, same numeric values).</summary>
public enum SrDetectMode
{
    /// <summary>IsAnomaly, RawScore, Mag.</summary>
    AnomalyOnly = 0,

    /// <summary>IsAnomaly, AnomalyScore, Mag, ExpectedValue, BoundaryUnit, UpperBoundary, LowerBoundary.</summary>
    AnomalyAndMargin = 1,

    /// <summary>IsAnomaly, RawScore, Mag, ExpectedValue.</summary>
    AnomalyAndExpectedValue = 2,
}
