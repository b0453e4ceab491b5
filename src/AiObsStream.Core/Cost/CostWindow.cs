using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <summary>The contributions of every series to one window (live: the latest of each series; final: the final rows).</summary>
internal sealed class CostWindow(long startMs, long endMs, int capacity = 0)
{
    public long StartMs { get; } = startMs;

    public long EndMs { get; } = endMs;

    public Dictionary<SeriesDims, CostContribution> Series { get; } = new(capacity);
}
