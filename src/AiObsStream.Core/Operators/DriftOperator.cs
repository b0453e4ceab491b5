using AiObsStream.Core.Drift;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Quality drift behind the operator contract: on-time rows by window (sorted) → drift alerts. Reads the alerts
/// emitted upstream in the same tick (<see cref="OperatorInput.Alerts"/>): windows of a deployment with a firing alert
/// are kept out of its baseline. Keyed by deployment × model version × signal.
/// </summary>
public sealed class DriftOperator(QualityDriftMonitor monitor) : IOperator
{
    /// <summary>Upstream alerts followed by this operator's own, as the monitor reads them (reused).</summary>
    private readonly List<AlertEvent> _seen = [];

    /// <summary>The wrapped monitor.</summary>
    public QualityDriftMonitor Monitor { get; } = monitor ?? throw new ArgumentNullException(nameof(monitor));

    /// <inheritdoc/>
    public string Name => "drift";

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _seen.Clear();
        _seen.AddRange(input.Alerts);
        var upstream = _seen.Count;

        // The monitor reads the tick's alerts so far, its own earlier windows' alerts included: one list, as before.
        Monitor.ObserveRows(input.Rows, _seen);
        for (var i = upstream; i < _seen.Count; i++)
        {
            output.Alerts.Add(_seen[i]);
        }

        _seen.Clear();
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Monitor.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Monitor.RestoreState(reader);
}
