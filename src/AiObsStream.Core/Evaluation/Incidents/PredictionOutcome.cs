namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>How one predicted incident was judged.</summary>
/// <param name="Predicted">The incident.</param>
/// <param name="Matched">True when it detects a truth incident (same cause, scope, time): it counts for precision.</param>
/// <param name="False">True when it matches no truth incident even ignoring the cause: a false incident.</param>
public sealed record PredictionOutcome(PredictedIncident Predicted, bool Matched, bool False);
