using AiObsStream.Core.Anomaly;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Anomaly detection behind the operator contract: the tick's detection-bucket rows (on-time, sorted, versions
/// resolved), bucket by bucket. Keyed by anomaly rule × series.
/// </summary>
public sealed class AnomalyOperator(AnomalyEngine engine) : IOperator
{
    private readonly WindowRuns _buckets = new();

    /// <summary>The wrapped engine.</summary>
    public AnomalyEngine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc/>
    public string Name => "anomaly";

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _buckets.ForEach(input.Rows, static _ => true, (Engine, output.Alerts),
            static (s, start, rows) => s.Engine.EvaluateBucket(start, rows, s.Alerts));
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Engine.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Engine.RestoreState(reader);
}
