namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>Adapts a per-series streaming scoring function (value in, anomaly score out) to <see cref="INabDetector"/>.</summary>
/// <remarks>
/// For each series, <c>factory</c> is called once to get a fresh function (for example a closure over a new
/// <c>SrSeriesState</c>); the function then sees the values in file order. Scores are clipped to [0, 1], as NAB
/// requires; NaN is passed through and rejected by the benchmark with the series and row named.
/// </remarks>
/// <param name="name">Short detector name for reports.</param>
/// <param name="factory">Creates the scoring function of one series.</param>
public sealed class NabStreamingDetector(string name, Func<NabSeries, Func<double, double>> factory) : INabDetector
{
    private readonly Func<NabSeries, Func<double, double>> _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    /// <inheritdoc />
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <inheritdoc />
    public void ScoreSeries(NabSeries series, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(series);
        var score = _factory(series);
        var values = series.Values;
        for (int i = 0; i < values.Length; i++)
        {
            double s = score(values[i]);
            scores[i] = double.IsNaN(s) ? s : Math.Clamp(s, 0.0, 1.0);
        }
    }
}
