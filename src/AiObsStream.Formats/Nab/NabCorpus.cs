using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Formats.Nab;

/// <summary>A NAB corpus loaded in memory: the labelled series and the application profiles.</summary>
/// <param name="Root">The corpus folder it was read from.</param>
/// <param name="Series">The series listed in the windows file, ordered by relative path (ordinal).</param>
/// <param name="Profiles">The profiles of <c>config/profiles.json</c>, or NAB's three when the file is absent.</param>
public sealed record NabCorpus(string Root, IReadOnlyList<NabSeries> Series, IReadOnlyList<NabProfile> Profiles)
{
    /// <summary>Total rows over all series.</summary>
    public int RowCount => Series.Sum(static s => s.Length);

    /// <summary>Total labelled windows over all series.</summary>
    public int WindowCount => Series.Sum(static s => s.Windows.Count);
}
