namespace AiObsStream.Core.Cost;

/// <summary>The metrics a billing emission of one cost key wrote, so that a later demotion can retract exactly those.</summary>
[Flags]
internal enum CostRowSet : byte
{
    /// <summary>No row.</summary>
    None = 0,

    /// <summary>A <c>cost_usd</c> row.</summary>
    CostUsd = 1,

    /// <summary>A <c>cost_per_1k_tokens_usd</c> row.</summary>
    Per1K = 2,

    /// <summary>A <c>cost_unpriced_tokens</c> row.</summary>
    UnpricedTokens = 4,

    /// <summary>A <c>cost_unpriced_gpu_s</c> row.</summary>
    UnpricedGpuSeconds = 8,
}
