namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>What a correct parser must do with one mutated unit (the oracle's verdict rules).</summary>
internal enum Expectation
{
    /// <summary>The mutation made the unit (or one record) invalid: it is rejected with a reason, nothing else is lost.</summary>
    Reject,

    /// <summary>The mutation left the unit meaningful: identical events, or (if the parser is stricter) a clean reject.</summary>
    KeepOrReject,

    /// <summary>
    /// Anything a bit flip can do: a clean reject, identical events, or one record's values changed; never a record
    /// lost without a reject, never one counted twice.
    /// </summary>
    Any,

    /// <summary>
    /// A cut exposition without an end marker (Prometheus 0.0.4): what follows the cut is not in the input any more, so
    /// only the cut line may change (kept with a shorter value or rejected); nothing may appear that was not there.
    /// </summary>
    Truncated,
}
