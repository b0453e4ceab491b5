namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>A series together with a detector's anomaly score for each of its rows.</summary>
public sealed class NabScoredSeries
{
    private readonly double[] _scores;

    /// <summary>Pairs <paramref name="series"/> with <paramref name="scores"/>.</summary>
    /// <param name="series">The labelled series.</param>
    /// <param name="scores">One anomaly score in [0, 1] per row (owned by this object afterwards).</param>
    /// <exception cref="ArgumentException">The lengths differ or a score is NaN or outside [0, 1] (the message names
    /// the series and the row).</exception>
    public NabScoredSeries(NabSeries series, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != series.Length)
        {
            throw new ArgumentException($"{series.Name}: {scores.Length} scores for {series.Length} rows.", nameof(scores));
        }

        for (int i = 0; i < scores.Length; i++)
        {
            if (!(scores[i] >= 0 && scores[i] <= 1))
            {
                throw new ArgumentException($"{series.Name}: row {i} has anomaly score {scores[i]}; NAB scores must be in [0, 1].", nameof(scores));
            }
        }

        Series = series;
        _scores = scores;
    }

    /// <summary>The labelled series.</summary>
    public NabSeries Series { get; }

    /// <summary>The anomaly scores, one per row.</summary>
    public ReadOnlySpan<double> Scores => _scores;
}
