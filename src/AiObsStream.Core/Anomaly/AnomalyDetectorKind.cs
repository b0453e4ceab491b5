namespace AiObsStream.Core.Anomaly;

/// <summary>The detector an anomaly rule runs.</summary>
public enum AnomalyDetectorKind
{
    /// <summary>Spectral residual (ML.NET DetectAnomalyBySrCnn semantics).</summary>
    Sr = 0,

    /// <summary>Spectral residual followed by the trained CNN (SR-CNN); needs model weights for the window.</summary>
    SrCnn = 1,
}
