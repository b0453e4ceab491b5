namespace AiObsStream.Core.Versions;

/// <summary>A rollout under comparison: the new version, the version it replaces and the window it appeared in.</summary>
/// <param name="Candidate">The new version.</param>
/// <param name="Baseline">The previous version.</param>
/// <param name="StartMs">Start of the window where the new version appeared (<see cref="long.MinValue"/>: before the trace).</param>
/// <param name="EndMs">
/// <see cref="long.MaxValue"/> while the candidate serves; else the start of the window where it was rolled back. A
/// rolled-back rollout is still judged for a while: its windows before <paramref name="EndMs"/> against the previous
/// version's windows, including those after the rollback (the post-rollback baseline, the only one a trace that starts
/// on the new version has).
/// </param>
internal sealed record ActiveRollout(string Candidate, string Baseline, long StartMs, long EndMs = long.MaxValue)
{
    /// <summary>True once the candidate was rolled back (a retrospective verdict).</summary>
    public bool RolledBack => EndMs != long.MaxValue;
}
