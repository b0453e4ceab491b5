using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>One incident the engine opened, folded from its state changes in incidents.jsonl.</summary>
/// <param name="IncidentId">The incident id.</param>
/// <param name="OpenedAtMs">When it opened (Unix ms).</param>
/// <param name="Cause">Its final cause.</param>
/// <param name="Deployments">Every deployment it named, over all its states.</param>
/// <param name="Hosts">Every GPU host it named, over all its states.</param>
/// <param name="FiringNotifications">Firing notifications that announced it.</param>
public sealed record PredictedIncident(
    string IncidentId,
    long OpenedAtMs,
    IncidentCause Cause,
    IReadOnlyList<string> Deployments,
    IReadOnlyList<string> Hosts,
    int FiringNotifications)
{
    /// <summary>
    /// When the engine announced it (the <c>TimeGenerated</c> of its first line; null: unknown, the open time stands in).
    /// Detection is judged on this time: an incident is reported when it is announced, not when its first alert's
    /// window began.
    /// </summary>
    public long? AnnouncedAtMs { get; init; }

    /// <summary>The time detection is judged on: <see cref="AnnouncedAtMs"/>, else <see cref="OpenedAtMs"/>.</summary>
    public long ReportedAtMs => AnnouncedAtMs ?? OpenedAtMs;
}
