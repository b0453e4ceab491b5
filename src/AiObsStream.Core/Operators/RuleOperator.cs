using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Threshold rules behind the operator contract: the tick's sorted rows, window by window (on-time rows only), then
/// the watermark's no-data sweep. Keyed by rule × series.
/// </summary>
public sealed class RuleOperator(RuleEngine engine) : IOperator
{
    private readonly WindowRuns _windows = new();

    /// <summary>The wrapped engine.</summary>
    public RuleEngine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc/>
    public string Name => "rules";

    /// <inheritdoc/>
    /// <remarks><see cref="OperatorInput.Rows"/>: every row of the tick in the output order, versions resolved.</remarks>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _windows.ForEach(input.Rows, static r => r.IsOnTime, (Engine, output.Alerts),
            static (s, start, rows) => s.Engine.EvaluateWindow(start, rows, s.Alerts));
        Engine.AdvanceWatermark(input.Watermark, output.Alerts); // silent series resolve even when no later window has rows
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Engine.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Engine.RestoreState(reader);
}
