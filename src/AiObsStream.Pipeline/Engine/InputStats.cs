using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Pipeline.Engine;

/// <summary>Per-input counters kept by the sequencer (single writer) and read for summaries.</summary>
public sealed class InputStats
{
    internal InputStats(string name) => Name = name;

    /// <summary>Input name.</summary>
    public string Name { get; }

    /// <summary>The source of its records, once known.</summary>
    public TelemetrySource? Source { get; internal set; }

    /// <summary>Units read (lines, bodies, scrapes).</summary>
    public long Units { get; internal set; }

    /// <summary>Events parsed.</summary>
    public long Events { get; internal set; }

    /// <summary>Bytes read.</summary>
    public long Bytes { get; internal set; }

    /// <summary>Rejected units or records by reason (including late).</summary>
    public long[] RejectedByReason { get; } = new long[Enum.GetValues<RejectReason>().Length];

    /// <summary>
    /// Records of known App Insights tables skipped because they carry nothing used, by table (indexed as
    /// <see cref="SkippedTables.Names"/>): neither events nor rejects, so they do not count in the reject share.
    /// </summary>
    public long[] SkippedByTable { get; } = new long[SkippedTables.Count];

    /// <summary>Set when the input could not be read to its end (the other inputs still are; the CLI exits non-zero).</summary>
    public string? Failure { get; internal set; }

    /// <summary>When <see cref="Failure"/> is set: the unit (line) being read when it failed, 0 before the first.</summary>
    public long FailedAt { get; internal set; }

    /// <summary>When <see cref="Failure"/> is set: units not read because of it (the failing one included), -1 when unknown.</summary>
    public long UnitsNotRead { get; internal set; } = -1;

    /// <summary>Whether the input has ended.</summary>
    public bool Finished { get; internal set; }

    /// <summary>Records behind the input's end (Kafka consumer lag), -1 when unknown or not applicable.</summary>
    public long Lag => LagSource?.Invoke() ?? -1;

    internal Func<long>? LagSource { get; set; }

    /// <summary>Adds a batch's per-table skip counts (null: none).</summary>
    internal void AddSkipped(long[]? byTable)
    {
        for (var i = 0; byTable is not null && i < byTable.Length && i < SkippedByTable.Length; i++)
        {
            SkippedByTable[i] += byTable[i];
        }
    }
}
