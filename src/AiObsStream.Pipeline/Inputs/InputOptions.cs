namespace AiObsStream.Pipeline.Inputs;

/// <summary>Limits and batching for inputs.</summary>
public sealed record InputOptions
{
    /// <summary>Largest accepted unit (line, body, document, scrape); larger ones are dead-lettered as too large.</summary>
    public int MaxUnitBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many bytes of a rejected unit the dead letter keeps.</summary>
    public int ExcerptBytes { get; init; } = 1024;

    /// <summary>Units per batch handed to the sequencer.</summary>
    public int BatchUnits { get; init; } = 64;

    /// <summary>Events per batch (a batch is sent when either limit is reached).</summary>
    public int BatchEvents { get; init; } = 1024;

    /// <summary>Optional explicit pod-or-host → deployment map for GPU telemetry.</summary>
    public IReadOnlyDictionary<string, string> GpuDeployments { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
