namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>The raw NAB score of a corpus at a fixed threshold: the total and each series' part (NAB's score CSV).</summary>
/// <param name="Total">Sum over the series (score and counts).</param>
/// <param name="Series">One row per series, in corpus order.</param>
public sealed record NabCorpusScore(NabThresholdScore Total, IReadOnlyList<NabSeriesScore> Series);
