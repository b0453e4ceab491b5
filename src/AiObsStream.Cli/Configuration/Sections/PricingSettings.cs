namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>pricing</c> section: price table, deployment facts, GPU models and spend alerts.</summary>
internal sealed class PricingSettings
{
    /// <summary>Cost rows on or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Start from the bundled prices.</summary>
    public bool? BundledPrices { get; set; }

    /// <summary>SKU of unlisted deployments.</summary>
    public string? DefaultDeploymentType { get; set; }

    /// <summary>Token prices.</summary>
    public List<TokenPriceSettings>? Tokens { get; set; }

    /// <summary>GPU hourly rates.</summary>
    public List<GpuPriceSettings>? Gpus { get; set; }

    /// <summary>Deployment facts by deployment.</summary>
    public Dictionary<string, DeploymentPricingSettings>? Deployments { get; set; }

    /// <summary>Default GPU model.</summary>
    public string? GpuModel { get; set; }

    /// <summary>GPU model by host.</summary>
    public Dictionary<string, string>? GpuModelByHost { get; set; }

    /// <summary>Spend alerts.</summary>
    public SpendSettings? Spend { get; set; }
}
