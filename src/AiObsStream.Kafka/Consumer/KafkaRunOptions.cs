using AiObsStream.Pipeline.Checkpoints;

namespace AiObsStream.Kafka.Consumer;

/// <summary>How <see cref="KafkaRunner"/> checkpoints and when it stops.</summary>
public sealed record KafkaRunOptions
{
    /// <summary>Checkpoint folder (<c>--state</c>); null: no checkpoints (at-least-once).</summary>
    public CheckpointStore? Store { get; init; }

    /// <summary>The checkpoint to resume from (loaded from <see cref="Store"/>), or null.</summary>
    public EngineCheckpoint? Restore { get; init; }

    /// <summary>How often to checkpoint and commit.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop once no record arrived for this long (after flushing all windows); null: run until stopped.</summary>
    public TimeSpan? StopWhenIdle { get; init; }

    /// <summary>How long to wait for the group to assign partitions at start.</summary>
    public TimeSpan AssignmentTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
