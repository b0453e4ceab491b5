using AiObsStream.Core.Cost;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Spend monitoring behind the operator contract: observes the final spend in the tick's sorted rows and closes the
/// spend buckets the watermark (less the allowed lateness) made final, emitting spend alerts and forecast rows. Keyed
/// by spend series (deployment / team).
/// </summary>
public sealed class SpendOperator : IOperator
{
    private readonly long _latenessMs;

    /// <summary>Wraps <paramref name="monitor"/>; buckets close <paramref name="latenessMs"/> behind the watermark.</summary>
    public SpendOperator(SpendMonitor monitor, long latenessMs)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentOutOfRangeException.ThrowIfNegative(latenessMs);
        Monitor = monitor;
        _latenessMs = latenessMs;
    }

    /// <summary>The wrapped monitor.</summary>
    public SpendMonitor Monitor { get; }

    /// <inheritdoc/>
    public string Name => "spend";

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
