namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>A detector under NAB evaluation: scores whole series, each from a fresh per-series state.</summary>
/// <remarks>
/// The benchmark calls <see cref="ScoreSeries"/> once per series, one series at a time, so an implementation may reuse
/// one compute engine and scratch buffers across calls but must not carry series state from one call to the next.
/// Only the oracle baseline looks at the labels in <see cref="NabSeries.WindowRanges"/>; real detectors read
/// <see cref="NabSeries.Values"/> (and perhaps <see cref="NabSeries.TimestampsUnixMs"/>).
/// </remarks>
public interface INabDetector
{
    /// <summary>Short name used in reports (for example <c>sr</c>, <c>random</c>).</summary>
    string Name { get; }

    /// <summary>Writes one anomaly score in [0, 1] per row of <paramref name="series"/>.</summary>
    /// <param name="series">The series to score (values in file order).</param>
    /// <param name="scores">Receives <see cref="NabSeries.Length"/> scores.</param>
    void ScoreSeries(NabSeries series, Span<double> scores);
}
