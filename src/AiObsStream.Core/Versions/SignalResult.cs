namespace AiObsStream.Core.Versions;

/// <summary>The comparison of one signal between the previous and the new version.</summary>
/// <param name="Metric">The signal's metric.</param>
/// <param name="Regressed">True when the change is worse, at least the minimum effect, and confident.</param>
/// <param name="Effect">Worse-direction change: relative (0.5 = 50 % worse) or, for shares, absolute; negative = better.</param>
/// <param name="Confidence">One-sided confidence that the new version is worse (1 − p).</param>
/// <param name="Detail">The numbers in words (old → new, counts).</param>
internal readonly record struct SignalResult(string Metric, bool Regressed, double Effect, double Confidence, string Detail);
