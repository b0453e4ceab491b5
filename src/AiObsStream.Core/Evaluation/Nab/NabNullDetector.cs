namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>NAB's null baseline: the same score for every row, so it can only detect everything or nothing. By
/// construction it normalizes to 0 (NAB's <c>null_detector.py</c> uses the constant 0.5; any constant scores the same).</summary>
/// <param name="value">The constant score, in [0, 1].</param>
public sealed class NabNullDetector(double value = 0.0) : INabDetector
{
    /// <inheritdoc />
    public string Name => "null";

    /// <inheritdoc />
    public void ScoreSeries(NabSeries series, Span<double> scores) => scores.Fill(value);
}
