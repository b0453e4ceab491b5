namespace AiObsStream.Core.Cost;

/// <summary>
/// What the logs do not say about a deployment: its deployment type (SKU) and, optionally, the model name it serves
/// (otherwise learned from the Azure OpenAI request logs, which carry modelName per deployment).
/// </summary>
public sealed record DeploymentPricing
{
    /// <summary>Deployment type; null uses <see cref="PricingOptions.DefaultDeploymentType"/>.</summary>
    public string? DeploymentType { get; init; }

    /// <summary>Model name; null learns it from rows of the deployment that carry one.</summary>
    public string? ModelName { get; init; }
}
