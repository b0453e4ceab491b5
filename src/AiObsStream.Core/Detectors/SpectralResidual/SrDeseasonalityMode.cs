namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>How the batch detector removes a known period (ML.NET <c>SrCnnDeseasonalityMode</c>, same values).</summary>
public enum SrDeseasonalityMode
{
    /// <summary>ML.NET's simplified STL (residual = y − seasonal − trend); falls back to <see cref="Median"/> on NaN.</summary>
    Stl = 0,

    /// <summary>Subtract the mean of the points at the same phase.</summary>
    Mean = 1,

    /// <summary>Subtract the upper median of the points at the same phase.</summary>
    Median = 2,
}
