namespace AiObsStream.Core.Cost;

/// <summary>An effective-dated hourly rate for one GPU of a GPU model (the dcgm-exporter <c>modelName</c> label).</summary>
public sealed record GpuPrice
{
    /// <summary>GPU model, for example "NVIDIA H100 80GB HBM3"; matched case-insensitively.</summary>
    public required string GpuModel { get; init; }

    /// <summary>First instant (Unix ms) the rate applies to.</summary>
    public required long EffectiveFromMs { get; init; }

    /// <summary>USD per GPU-hour.</summary>
    public required double UsdPerHour { get; init; }

    /// <summary>Where the rate comes from and when it was recorded.</summary>
    public string Source { get; init; } = string.Empty;
}
