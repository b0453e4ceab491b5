namespace AiObsStream.Core.Simulation;

/// <summary>One online evaluation of a chat response (an App Insights AppTraces record with gen_ai.evaluation.* properties).</summary>
/// <param name="Ticks">UTC ticks of the evaluation.</param>
/// <param name="Deployment">Index into <see cref="SimFleet.Deployments"/>.</param>
/// <param name="ModelVersion">Model version that produced the evaluated response.</param>
/// <param name="Name">Evaluator name (groundedness, relevance).</param>
/// <param name="Score">Score on the 1-5 scale.</param>
/// <param name="OperationId">OperationId of the evaluated call.</param>
public readonly record struct SimEvaluation(long Ticks, int Deployment, string ModelVersion, string Name, int Score, string OperationId)
{
    /// <summary>Pass when the score is at least 3 (the evaluators' default threshold), else fail.</summary>
    public string Label => Score >= 3 ? "pass" : "fail";
}
