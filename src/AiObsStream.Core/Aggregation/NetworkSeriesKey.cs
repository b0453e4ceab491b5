using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <summary>One network counter of one series: the series and the exposition name of the counter.</summary>
/// <param name="Dims">The series (a GPU, or an InfiniBand port of a host).</param>
/// <param name="Source">The counter's exposition name (several counters may feed one metric).</param>
internal readonly record struct NetworkSeriesKey(SeriesDims Dims, string Source);
