namespace AiObsStream.Core.Cost;

/// <summary>Cost derivation settings: price table, deployment facts, GPU models, cost tags and spend alerts.</summary>
/// <remarks>Immutable; the pipeline builds one from the <c>pricing</c> and <c>costTags</c> config sections.</remarks>
public sealed record PricingOptions
{
    /// <summary>Derive cost rows at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Start from <see cref="BundledPrices"/>; configured entries are added and win on equal key and date.</summary>
    public bool UseBundledPrices { get; init; } = true;

    /// <summary>Configured token prices.</summary>
    public IReadOnlyList<TokenPrice> TokenPrices { get; init; } = [];

    /// <summary>Configured GPU hourly rates.</summary>
    public IReadOnlyList<GpuPrice> GpuPrices { get; init; } = [];

    /// <summary>Deployment type of deployments not listed in <see cref="Deployments"/> (Azure's default SKU for gpt-4o).</summary>
    public string DefaultDeploymentType { get; init; } = "GlobalStandard";

    /// <summary>Per-deployment facts the logs lack.</summary>
    public IReadOnlyDictionary<string, DeploymentPricing> Deployments { get; init; } = new Dictionary<string, DeploymentPricing>();

    /// <summary>GPU model of hosts not in <see cref="GpuModelByHost"/>; empty leaves their GPU time unpriced.</summary>
    public string GpuModel { get; init; } = string.Empty;

    /// <summary>GPU model per host name (GPU rows carry host and GPU, not the dcgm modelName label).</summary>
    public IReadOnlyDictionary<string, string> GpuModelByHost { get; init; } = new Dictionary<string, string>();

    /// <summary>Cost tags per deployment name (first choice).</summary>
    public IReadOnlyDictionary<string, CostTag> TagsByDeployment { get; init; } = new Dictionary<string, CostTag>();

    /// <summary>Cost tags per Azure resource id (the resource tags of the Azure OpenAI account serving the deployment).</summary>
    public IReadOnlyDictionary<string, CostTag> TagsByResource { get; init; } = new Dictionary<string, CostTag>();

    /// <summary>Tag of deployments matched by neither map.</summary>
    public CostTag DefaultTag { get; init; } = CostTag.None;

    /// <summary>Spend alerts and forecast.</summary>
    public SpendAlertOptions Spend { get; init; } = new();
}
