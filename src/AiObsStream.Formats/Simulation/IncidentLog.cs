using AiObsStream.Core.Evaluation.Incidents;

namespace AiObsStream.Formats.Simulation;

/// <summary>The incidents of one run as read back from its outputs.</summary>
/// <param name="Incidents">One per IncidentId, in order of first appearance.</param>
/// <param name="RejectedLines">Lines of incidents.jsonl or notifications.jsonl that could not be used.</param>
/// <param name="Errors">The first few reasons (file:line: message).</param>
public sealed record IncidentLog(IReadOnlyList<PredictedIncident> Incidents, int RejectedLines, IReadOnlyList<string> Errors);
