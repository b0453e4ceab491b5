namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One item of <c>pricing.tokens</c> (prices per 1K or per 1M tokens, not both).</summary>
internal sealed class TokenPriceSettings
{
    /// <summary>Model name (required).</summary>
    public string? Model { get; set; }

    /// <summary>Model version (default any).</summary>
    public string? Version { get; set; }

    /// <summary>Deployment type (required).</summary>
    public string? DeploymentType { get; set; }

    /// <summary>Effective from (date).</summary>
    public string? EffectiveFrom { get; set; }

    /// <summary>Where the price comes from.</summary>
    public string? Source { get; set; }

    /// <summary>Input USD per 1K tokens.</summary>
    public double? InputPer1K { get; set; }

    /// <summary>Input USD per 1M tokens.</summary>
    public double? InputPer1M { get; set; }

    /// <summary>Cached input USD per 1K tokens.</summary>
    public double? CachedInputPer1K { get; set; }

    /// <summary>Cached input USD per 1M tokens.</summary>
    public double? CachedInputPer1M { get; set; }

    /// <summary>Output USD per 1K tokens.</summary>
    public double? OutputPer1K { get; set; }

    /// <summary>Output USD per 1M tokens.</summary>
    public double? OutputPer1M { get; set; }
}
