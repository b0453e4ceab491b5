using AiObsStream.Core.Actions;

namespace AiObsStream.Pipeline.Actions;

/// <summary>One decided action and its answer: a line of actions.jsonl and a row of AiObsActions_CL.</summary>
public sealed record ActionRecord
{
    /// <summary>The decision.</summary>
    public required ActionDecision Decision { get; init; }

    /// <summary>dry-run, sent, failed or suppressed.</summary>
    public required ActionOutcome Outcome { get; init; }

    /// <summary>Wall-clock time the answer was recorded (Unix ms).</summary>
    public required long RecordedAtMs { get; init; }

    /// <summary>HTTP status of the last answer (sent, and failed with an answer).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Requests made (0 for dry-run and suppressed).</summary>
    public int Attempts { get; init; }

    /// <summary>Why it failed (failed only).</summary>
    public string? Error { get; init; }
}
