using AiObsStream.Core.Cost;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Cost derivation behind the operator contract: cost rows from the tick's rows (any order, versions resolved), emitted
/// as rows so they are ordered and written like any other. Keyed by series (token / GPU cost of one row), with run
/// totals kept by the deriver.
/// </summary>
public sealed class CostDeriveOperator(CostDeriver deriver) : IOperator
{
    /// <summary>The wrapped deriver.</summary>
    public CostDeriver Deriver { get; } = deriver ?? throw new ArgumentNullException(nameof(deriver));

    /// <inheritdoc/>
    public string Name => "cost";

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Deriver.Derive(input.Rows, output.Rows);
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Deriver.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Deriver.RestoreState(reader);
}
