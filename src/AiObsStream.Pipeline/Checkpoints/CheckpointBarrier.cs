namespace AiObsStream.Pipeline.Checkpoints;

/// <summary>
/// A checkpoint in flight: created by the sequencer between two input batches, carried through every partition (which
/// adds its state) to the output stage (which adds its own and the sinks', then saves it).
/// </summary>
internal sealed class CheckpointBarrier
{
    public CheckpointBarrier(long seq, byte[] sequencerState, IReadOnlyDictionary<string, long> offsets, int partitions)
    {
        Seq = seq;
        SequencerState = sequencerState;
        Offsets = offsets;
        PartitionStates = new byte[partitions][];
    }

    public long Seq { get; }

    public byte[] SequencerState { get; }

    public IReadOnlyDictionary<string, long> Offsets { get; }

    public byte[][] PartitionStates { get; }

    /// <summary>The last barrier of a run (stop or idle end): the run ends once it is saved.</summary>
    public bool Final { get; init; }

    /// <summary>Completes when the checkpoint is durable (or failed).</summary>
    public TaskCompletionSource<EngineCheckpoint> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
