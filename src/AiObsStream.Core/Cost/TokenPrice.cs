namespace AiObsStream.Core.Cost;

/// <summary>
/// One effective-dated token price: USD per 1,000 tokens for a model name, model version and deployment type, valid
/// from <see cref="EffectiveFromMs"/> until a newer entry for the same key takes over.
/// </summary>
public sealed record TokenPrice
{
    /// <summary>The model version that matches any version.</summary>
    public const string AnyVersion = "*";

    /// <summary>Model name as Azure OpenAI logs it (for example gpt-4o); matched case-insensitively.</summary>
    public required string ModelName { get; init; }

    /// <summary>Model version (for example 2024-08-06), or <see cref="AnyVersion"/>; an exact version wins over *.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Deployment type (SKU), for example GlobalStandard, DataZoneStandard, Standard; matched case-insensitively.</summary>
    public required string DeploymentType { get; init; }

    /// <summary>First instant (Unix ms) the price applies to; windows are priced at their start.</summary>
    public required long EffectiveFromMs { get; init; }

    /// <summary>USD per 1,000 input (prompt) tokens that were not served from the prompt cache.</summary>
    public required double InputPer1K { get; init; }

    /// <summary>USD per 1,000 cached input tokens (when a cached-token count is known).</summary>
    public required double CachedInputPer1K { get; init; }

    /// <summary>USD per 1,000 output (completion) tokens.</summary>
    public required double OutputPer1K { get; init; }

    /// <summary>Where the price comes from and when it was recorded (free text, for audits).</summary>
    public string Source { get; init; } = string.Empty;
}
