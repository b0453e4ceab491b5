namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>NAB's random baseline (<c>nab/detectors/random/random_detector.py</c>): for each series, Python's
/// <c>random.seed(42)</c> then <c>random.uniform(0, 1)</c> per row, reproduced bit for bit with
/// <see cref="PythonRandom"/>.</summary>
/// <param name="seed">The per-series seed (NAB: 42).</param>
public sealed class NabRandomDetector(uint seed = 42) : INabDetector
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public void ScoreSeries(NabSeries series, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(series);
        var random = new PythonRandom(seed);
        for (int i = 0; i < series.Length; i++)
        {
            scores[i] = random.NextDouble();
        }
    }
}
