namespace AiObsStream.Core.Versions;

/// <summary>A rollout under comparison: the new version, the version it replaces and the window it appeared in.</summary>
/// <param name="Candidate">The new version.</param>
/// <param name="Baseline">The previous version.</param>
/// <param name="StartMs">Start of the window where the new version appeared.</param>
internal sealed record ActiveRollout(string Candidate, string Baseline, long StartMs);
