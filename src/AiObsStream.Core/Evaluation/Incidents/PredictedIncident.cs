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
    int FiringNotifications);
