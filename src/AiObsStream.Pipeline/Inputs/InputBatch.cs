using AiObsStream.Core.Events;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>A batch of parsed events from one input, with the rejects found while parsing them.</summary>
/// <remarks>Ownership passes with the batch: the receiver disposes <see cref="Events"/>.</remarks>
internal sealed class InputBatch
{
    public required EventBuffer Events { get; init; }

    public List<DeadLetter> Rejects { get; } = [];

    /// <summary>Largest event time in the batch (long.MinValue when none), or the scrape time for live inputs.</summary>
    public long MaxTimeUnixMs { get; set; } = long.MinValue;

    /// <summary>Units (lines, bodies, scrapes) read.</summary>
    public int Units { get; set; }

    /// <summary>Records rejected (whole units count once, plus record-level rejects).</summary>
    public int RejectedRecords { get; set; }

    /// <summary>The source of the events, when known (used to label ingestion metrics).</summary>
    public TelemetrySource? Source { get; set; }

    /// <summary>
    /// Records of known App Insights tables skipped because they carry nothing used, by table (indexed as
    /// <see cref="AiObsStream.Formats.Json.SkippedTables.Names"/>); null when none.
    /// </summary>
    public long[]? SkippedByTable { get; set; }

    /// <summary>Bytes read.</summary>
    public long Bytes { get; set; }

    /// <summary>For inputs with offsets (Kafka): the offset of the next record after this batch; -1 otherwise.</summary>
    public long EndOffset { get; set; } = -1;

    /// <summary>
    /// An empty marker meaning "caught up: nothing more for now" (Kafka partition end). The sequencer stops waiting for
    /// the input and lets the watermark advance without it until it has data again.
    /// </summary>
    public bool Idle { get; init; }

    /// <summary>
    /// For an input whose event-time progress is told by its producer rather than read off its records (a scale-out
    /// repartition partition: the minimum over the source partitions' punctuations): the event time the input has
    /// reached after this batch. Once an input sends one, its records no longer move its time. Null: read off the records.
    /// </summary>
    public long? Watermark { get; set; }

    /// <summary>
    /// Positions beside <see cref="EndOffset"/> that a checkpoint taken after this batch must hold (key → value; keys
    /// must not be input names): they come back in the checkpoint's offsets on restore. The scale-out input keeps its
    /// per-source de-duplication marks and event times here. Null when none.
    /// </summary>
    public Dictionary<string, long>? Positions { get; set; }
}
