using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Operators;

/// <summary>
/// The buffers an operator emits into. The caller owns them and reuses them tick after tick (<see cref="Clear"/>), so
/// running an operator allocates no lists of its own.
/// </summary>
public sealed class OperatorOutput
{
    /// <summary>Rows emitted (derived cost rows, spend forecasts).</summary>
    public List<MetricRow> Rows { get; } = [];

    /// <summary>Alert events emitted, in the operator's deterministic order.</summary>
    public List<AlertEvent> Alerts { get; } = [];

    /// <summary>Empties both buffers, keeping their capacity.</summary>
    public void Clear()
    {
        Rows.Clear();
        Alerts.Clear();
    }
}
