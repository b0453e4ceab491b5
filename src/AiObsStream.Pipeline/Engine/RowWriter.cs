using AiObsStream.Core.Operators;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// The sinks' row writes as a member of the fan-out: once the tick's rows are ordered and filtered nothing downstream
/// changes them, so serializing them needs to wait for no operator and runs beside rules and anomaly detection.
/// </summary>
/// <remarks>
/// The only sink call in flight while the fan-out runs (the output stage makes every other call after it), so the
/// sink sees one caller at a time, in the same order of calls per output as before. Emits nothing; keeps no state.
/// </remarks>
internal sealed class RowWriter(IOutputSink sink) : IOperator
{
    /// <inheritdoc/>
    public string Name => "sinks:rows";

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output) => sink.WriteRows(input.Rows);

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        // stateless: the sinks' positions are checkpointed by the sinks themselves
    }

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader)
    {
        // stateless
    }
}
