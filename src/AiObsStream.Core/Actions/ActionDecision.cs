namespace AiObsStream.Core.Actions;

/// <summary>One decision of the <see cref="ActionDecider"/>: send, record as dry-run, or suppress (with the reason).</summary>
public sealed record ActionDecision
{
    /// <summary>The action.</summary>
    public required ActionDefinition Action { get; init; }

    /// <summary>What it acts on.</summary>
    public required ActionSubject Subject { get; init; }

    /// <summary>Incident id + "/" + action name: the same for every decision of this pair, across replays and restarts.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Event time of the notification that triggered it (Unix ms).</summary>
    public required long TimeMs { get; init; }

    /// <summary>The deployment's version before <see cref="ActionSubject.ModelVersion"/>, when known (what a rollback restores).</summary>
    public string? PreviousVersion { get; init; }

    /// <summary><see cref="ActionOutcome.DryRun"/>, <see cref="ActionOutcome.Suppressed"/>, or <see cref="ActionOutcome.Sent"/> meaning "to be sent".</summary>
    public required ActionOutcome Outcome { get; init; }

    /// <summary>Why it was suppressed (null otherwise).</summary>
    public string? Reason { get; init; }
}
