using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>A real problem in a labelled run: what an incident layer should open, for which cause, when and where.</summary>
/// <param name="Cause">The cause a correct incident names.</param>
/// <param name="StartMs">Start of the problem (Unix ms).</param>
/// <param name="EndMs">End of the problem (Unix ms, exclusive; the end of the run for problems that last).</param>
/// <param name="Deployments">Deployments in scope (empty together with <paramref name="Hosts"/>: any scope matches).</param>
/// <param name="Hosts">GPU hosts in scope.</param>
/// <param name="Label">What was injected or recorded, for reports (for example <c>load-burst@12</c>).</param>
public sealed record TruthIncident(
    IncidentCause Cause,
    long StartMs,
    long EndMs,
    IReadOnlyList<string> Deployments,
    IReadOnlyList<string> Hosts,
    string Label)
{
    /// <summary>
    /// How long before <see cref="StartMs"/> a matching incident may open as a prediction of the problem (a forecast's
    /// lead time); 0 for problems that can only be detected once they happen. A match within it has a negative delay.
    /// </summary>
    public long AheadMs { get; init; }
}
