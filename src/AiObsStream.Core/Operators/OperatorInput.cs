using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Operators;

/// <summary>What an operator sees of one tick (a punctuation): read-only views owned by the caller.</summary>
/// <param name="Rows">The tick's rows; which order depends on the operator's place in the graph (sorted after the sort step).</param>
/// <param name="Watermark">The tick's watermark (<see cref="long.MaxValue"/> at the end of the input).</param>
/// <param name="Alerts">Alert events emitted upstream in this tick (empty for operators that read none).</param>
public readonly record struct OperatorInput(IReadOnlyList<MetricRow> Rows, long Watermark, IReadOnlyList<AlertEvent> Alerts)
{
    /// <summary>An input with rows and the watermark only.</summary>
    public OperatorInput(IReadOnlyList<MetricRow> rows, long watermark)
        : this(rows, watermark, [])
    {
    }
}
