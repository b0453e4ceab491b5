using AiObsStream.Kafka;

namespace AiObsStream.Cli.Commands;

/// <summary>What <c>aiobs run --kafka / --eventhubs</c> was asked to do.</summary>
internal sealed record KafkaRunSettings
{
    public required KafkaSettings Settings { get; init; }

    public string? StateDirectory { get; init; }

    public TimeSpan? StopWhenIdle { get; init; }

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Exact scale-out over N processes (<c>--scale-out</c> / <c>kafka.scaleOut</c>).</summary>
    public bool ScaleOut { get; init; }
}
