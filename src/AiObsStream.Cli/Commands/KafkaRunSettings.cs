using AiObsStream.Kafka;

namespace AiObsStream.Cli.Commands;

/// <summary>What <c>aiobs run --kafka / --eventhubs</c> was asked to do.</summary>
internal sealed record KafkaRunSettings
{
    public required KafkaSettings Settings { get; init; }

    public string? StateDirectory { get; init; }

    public TimeSpan? StopWhenIdle { get; init; }

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);
}
