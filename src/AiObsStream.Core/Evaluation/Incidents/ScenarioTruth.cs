namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>The ground truth of one labelled run.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="StartMs">Start of the run (Unix ms).</param>
/// <param name="EndMs">End of the run (Unix ms, exclusive).</param>
/// <param name="Incidents">The real problems; empty for a healthy run or a control.</param>
public sealed record ScenarioTruth(string Scenario, long StartMs, long EndMs, IReadOnlyList<TruthIncident> Incidents);
