namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>The raw NAB score of one series at a fixed threshold.</summary>
/// <param name="SeriesName">The series' relative path.</param>
/// <param name="Score">Threshold, raw score and row counts.</param>
public readonly record struct NabSeriesScore(string SeriesName, NabThresholdScore Score);
