namespace AiObsStream.Core.Versions;

/// <summary>What the cost hook (<see cref="RegressionOptions.CostOf"/>) prices: one version's tokens in one window.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="ModelName">The model name (may be empty).</param>
/// <param name="ModelVersion">The model version.</param>
/// <param name="WindowStartMs">Window start, Unix ms (for effective-dated prices).</param>
/// <param name="PromptTokens">Prompt tokens in the window.</param>
/// <param name="CompletionTokens">Completion tokens in the window.</param>
public readonly record struct CostInput(
    string Deployment, string ModelName, string ModelVersion, long WindowStartMs, double PromptTokens, double CompletionTokens);
