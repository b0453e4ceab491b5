using AiObsStream.Core.Actions;

namespace AiObsStream.Pipeline.Actions;

/// <summary>The configured actions and how the action sink sends them and records their answers.</summary>
public sealed record ActionOptions
{
    /// <summary>File name of the action log in the output folder.</summary>
    public const string FileName = "actions.jsonl";

    /// <summary>The actions (validated; names unique).</summary>
    public required IReadOnlyList<ActionDefinition> Actions { get; init; }

    /// <summary>The action log: one line per decided action and its answer.</summary>
    public required string LogPath { get; init; }

    /// <summary>Attempts per action before it is recorded as failed (408, 429, 5xx and network errors are retried).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First retry delay (doubled per attempt, with jitter, capped by <see cref="MaxDelay"/>).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between attempts (also caps Retry-After).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Actions waiting to be sent; beyond it an action is recorded as failed (never blocking the engine).</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>How long flush, checkpoint and shutdown wait for the sends in flight.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Clock of retry delays, drain timeouts and the records' <c>RecordedAt</c> (tests pass a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        ActionDefinition.ValidateAll(Actions);
        if (Actions.Count == 0)
        {
            throw new ArgumentException("actions: at least one action is required for the action sink");
        }

        if (MaxAttempts < 1 || QueueCapacity < 1 || BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("action options: attempts, queue capacity and delays must be positive (MaxDelay >= BaseDelay)");
        }
    }
}
