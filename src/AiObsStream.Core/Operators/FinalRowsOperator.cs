namespace AiObsStream.Core.Operators;

/// <summary>
/// A <see cref="IFinalRowsMonitor"/> behind the operator contract: observes the tick's sorted rows and closes the
/// buckets the watermark (less the allowed lateness) made final. The graph runs spend monitoring (keyed by spend series:
/// deployment / team) and forecasting (keyed by forecast series: GPU, deployment × source) through it.
/// </summary>
/// <typeparam name="TMonitor">The monitor type (its own API stays reachable through <see cref="Monitor"/>).</typeparam>
public sealed class FinalRowsOperator<TMonitor> : IOperator
    where TMonitor : IFinalRowsMonitor
{
    private readonly long _latenessMs;

    /// <summary>Wraps <paramref name="monitor"/> under <paramref name="name"/>; buckets close <paramref name="latenessMs"/> behind the watermark.</summary>
    public FinalRowsOperator(string name, TMonitor monitor, long latenessMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentOutOfRangeException.ThrowIfNegative(latenessMs);
        Name = name;
        Monitor = monitor;
        _latenessMs = latenessMs;
    }

    /// <summary>The wrapped monitor.</summary>
    public TMonitor Monitor { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Monitor.Observe(input.Rows);
        Monitor.Advance(input.Watermark == long.MaxValue ? long.MaxValue : input.Watermark - _latenessMs, output.Alerts, output.Rows);
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Monitor.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Monitor.RestoreState(reader);
}
