namespace AiObsStream.Kafka.Relay;

/// <summary>What <see cref="AlertTopicRelay"/> reads and where it keeps its state.</summary>
public sealed record AlertTopicRelayOptions
{
    /// <summary>The alert topic (the <c>--alerts-topic</c> of the engines).</summary>
    public required string Topic { get; init; }

    /// <summary>File for messages that cannot be relayed (one JSON object per line, with the reason).</summary>
    public required string DeadLetterPath { get; init; }

    /// <summary>
    /// Folder of the per-partition checkpoints (next offset and recent ids); null keeps them in memory only (a restart
    /// then starts at the group's committed offsets). Relays of one group must share it for a moved partition to be
    /// de-duplicated after a crash.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>Ids remembered per partition for de-duplication (oldest evicted first).</summary>
    public int RecentIdsPerPartition { get; init; } = 10_000;

    /// <summary>Most messages per batch (sinks flushed, checkpoint written and offsets committed once per batch).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Once every assigned partition is read to its end and nothing arrived for this long: stop. Null: run until cancelled.</summary>
    public TimeSpan? StopWhenIdle { get; init; }

    /// <summary>
    /// True once the sinks have nothing in flight (every payload delivered or dead-lettered); the relay commits a batch
    /// only then. Null: the sinks' flush is enough.
    /// </summary>
    public Func<bool>? Settled { get; init; }

    /// <summary>Clock of the idle stop and the settle wait.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Throws when a setting is invalid, naming it.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Topic);
        ArgumentException.ThrowIfNullOrEmpty(DeadLetterPath);
        if (RecentIdsPerPartition < 1 || BatchSize < 1)
        {
            throw new ArgumentException("relay: RecentIdsPerPartition and BatchSize must be >= 1");
        }

        if (StopWhenIdle is { } idle && idle < TimeSpan.Zero)
        {
            throw new ArgumentException("relay: --stop-when-idle must not be negative");
        }
    }
}
