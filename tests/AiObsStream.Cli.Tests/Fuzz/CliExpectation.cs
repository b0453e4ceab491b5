namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>What the engine must do with one mutated unit, seen from its outputs.</summary>
internal enum CliExpectation
{
    /// <summary>Dead-lettered with a reason and a specific message (the whole unit, or the records it breaks).</summary>
    Reject,

    /// <summary>Counted exactly as the clean unit, or dead-lettered.</summary>
    KeepOrReject,

    /// <summary>Counted as the clean unit (values may differ), or dead-lettered; never lost silently, never counted twice.</summary>
    Any,
}
