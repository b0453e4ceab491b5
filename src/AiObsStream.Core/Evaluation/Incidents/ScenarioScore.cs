namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>The judgement of one labelled run.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Truths">One outcome per truth incident, in truth order.</param>
/// <param name="Predictions">One outcome per predicted incident, in the order given.</param>
/// <param name="RunMs">Length of the run.</param>
/// <param name="HealthyMs">Run time farther than <see cref="IncidentMatchRules.HealthyMargin"/> from every truth incident.</param>
public sealed record ScenarioScore(
    string Scenario,
    IReadOnlyList<TruthOutcome> Truths,
    IReadOnlyList<PredictionOutcome> Predictions,
    long RunMs,
    long HealthyMs);
