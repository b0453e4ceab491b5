namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>A detector's NAB results under each profile.</summary>
/// <param name="DetectorName">The detector's name.</param>
/// <param name="SeriesCount">Series scored.</param>
/// <param name="RowCount">Rows scored by the detector (probationary rows included).</param>
/// <param name="WindowCount">Labelled windows in the corpus.</param>
/// <param name="Profiles">One result per profile, in the order asked for.</param>
public sealed record NabBenchmarkResult(
    string DetectorName, int SeriesCount, int RowCount, int WindowCount, IReadOnlyList<NabProfileResult> Profiles);
