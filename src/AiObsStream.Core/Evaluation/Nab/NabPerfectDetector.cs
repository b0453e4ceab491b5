namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>An oracle that reads the labels: score 1 at the first row of every window, 0 elsewhere. It earns the full
/// A_TP for every window and no false positive, so it normalizes to 100 (it validates the scorer, not a detector).</summary>
public sealed class NabPerfectDetector : INabDetector
{
    /// <inheritdoc />
    public string Name => "perfect";

    /// <inheritdoc />
    public void ScoreSeries(NabSeries series, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(series);
        scores.Clear();
        foreach (var range in series.WindowRanges)
        {
            scores[range.StartIndex] = 1.0;
        }
    }
}
