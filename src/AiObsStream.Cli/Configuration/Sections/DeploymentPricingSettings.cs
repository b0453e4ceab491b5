namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One deployment in <c>pricing.deployments</c>.</summary>
internal sealed class DeploymentPricingSettings
{
    /// <summary>Deployment type (SKU).</summary>
    public string? DeploymentType { get; set; }

    /// <summary>Model name.</summary>
    public string? Model { get; set; }
}
