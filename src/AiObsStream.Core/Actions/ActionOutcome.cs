namespace AiObsStream.Core.Actions;

/// <summary>What became of a decided action (a line of actions.jsonl).</summary>
public enum ActionOutcome
{
    /// <summary><c>dry-run</c>: decided and recorded, not sent (the default of every action).</summary>
    DryRun = 0,

    /// <summary><c>sent</c>: the receiver answered 2xx.</summary>
    Sent = 1,

    /// <summary><c>failed</c>: a permanent error, or every attempt failed.</summary>
    Failed = 2,

    /// <summary><c>suppressed</c>: it matched but the rate limit or the cooldown held it back (the reason says which).</summary>
    Suppressed = 3,
}
