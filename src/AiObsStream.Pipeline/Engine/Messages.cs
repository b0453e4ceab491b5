using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Sequencer → partition: a batch of events (Events set), a watermark punctuation (Events null), or a checkpoint
/// barrier (Barrier set: snapshot the state, do not advance the watermark).
/// </summary>
internal readonly record struct PartitionMessage(EventBuffer? Events, long Seq, long Watermark, Checkpoints.CheckpointBarrier? Barrier = null);

/// <summary>Messages into the output stage.</summary>
internal abstract record OutputMessage;

/// <summary>A partition's rows (and anomaly-detection bucket rows) for punctuation <paramref name="Seq"/>.</summary>
internal sealed record PartitionRows(long Seq, int Partition, List<MetricRow> Rows, List<MetricRow> DetectionRows) : OutputMessage
{
    /// <summary>At a checkpoint barrier: the partition's saved state.</summary>
    public byte[]? State { get; init; }
}

/// <summary>The sequencer announces punctuation <paramref name="Seq"/> with its own rows (ingestion health).</summary>
internal sealed record SequencerTick(long Seq, long Watermark, List<MetricRow> Rows) : OutputMessage
{
    /// <summary>Set when this sequence number is a checkpoint barrier rather than a punctuation.</summary>
    public Checkpoints.CheckpointBarrier? Barrier { get; init; }

    /// <summary>Security alerts of the caller monitor, which reads events (not rows) and so runs in the sequencer; null when none.</summary>
    public List<Core.Rules.AlertEvent>? Alerts { get; init; }
}

/// <summary>Rejected inputs, in deterministic order.</summary>
internal sealed record DeadLetters(List<DeadLetter> Items) : OutputMessage;
