namespace AiObsStream.Core.Operators;

/// <summary>
/// One step of the engine's operator graph after aggregation: consumes a tick's batch of rows (and the alerts emitted
/// upstream) with the watermark, and emits rows and alert events into buffers the caller owns and reuses.
/// </summary>
/// <remarks>
/// In the spirit of Trill's streamable / pipe split: the graph (in the pipeline) says where an operator runs and what it
/// is keyed on; the operator only processes batches. Contract:
/// <list type="bullet">
/// <item>Single-threaded per instance; instances share no mutable state, so distinct operators may run concurrently
/// on the same (read-only) input.</item>
/// <item><see cref="Process"/> appends to its output and never clears or keeps it; its output for a
/// given input sequence is deterministic.</item>
/// <item>State goes to checkpoints through the <c>StateFrame</c> codec kept next to the wrapped class
/// (<c>*.State.cs</c>): <see cref="SaveState"/> / <see cref="RestoreState"/> delegate to it unchanged, so the
/// checkpoint bytes are the same whether or not the operator runs behind this contract.</item>
/// </list>
/// </remarks>
public interface IOperator
{
    /// <summary>A short stable name (the graph's listing, error messages, tests).</summary>
    string Name { get; }

    /// <summary>Processes one tick's batch and appends what it emits to <paramref name="output"/>.</summary>
    void Process(in OperatorInput input, OperatorOutput output);

    /// <summary>Writes the operator's checkpoint section.</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores a section written by <see cref="SaveState"/> into this freshly created operator.</summary>
    void RestoreState(BinaryReader reader);
}
