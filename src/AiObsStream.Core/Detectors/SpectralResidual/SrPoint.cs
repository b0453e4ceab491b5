namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>One output of the streaming spectral-residual detector (ML.NET <c>DetectAnomalyBySrCnn</c> slots).</summary>
/// <param name="IsAnomaly">Slot "Alert": the clipped score is above the threshold.</param>
/// <param name="RawScore">Slot "Raw Score": |S − S̄| / max(S̄, 1e-8) / 10, not clipped (can exceed 1).</param>
/// <param name="Mag">Slot "Mag": the saliency S of the newest point.</param>
public readonly record struct SrPoint(bool IsAnomaly, double RawScore, double Mag);
