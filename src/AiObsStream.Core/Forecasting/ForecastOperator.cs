using AiObsStream.Core.Operators;

namespace AiObsStream.Core.Forecasting;

/// <summary>
/// Forecasting behind the operator contract: observes the final rows of the tick and closes the hours the watermark
/// (less the allowed lateness) made final, emitting forecast, capacity and recommendation rows and forecast alerts.
/// Keyed by forecast series (GPU, deployment × source).
/// </summary>
public sealed class ForecastOperator : IOperator
{
    private readonly long _latenessMs;

    /// <summary>Wraps <paramref name="engine"/>; hours close <paramref name="latenessMs"/> behind the watermark.</summary>
    public ForecastOperator(ForecastEngine engine, long latenessMs)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegative(latenessMs);
        Engine = engine;
        _latenessMs = latenessMs;
    }

    /// <summary>The wrapped engine.</summary>
    public ForecastEngine Engine { get; }

    /// <inheritdoc/>
    public string Name => "forecast";

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Engine.Observe(input.Rows);
        Engine.Advance(input.Watermark == long.MaxValue ? long.MaxValue : input.Watermark - _latenessMs, output.Alerts, output.Rows);
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Engine.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Engine.RestoreState(reader);
}
