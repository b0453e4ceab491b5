namespace AiObsStream.Formats.Csv;

/// <summary>A single numeric series read from a CSV file, with the optional carried timestamp column.</summary>
/// <param name="ValueColumn">Name of the value column as written in the header.</param>
/// <param name="Values">The values, in file order.</param>
/// <param name="Timestamps">The raw <c>timestamp</c> cells (same length as <paramref name="Values"/>), or null when absent.</param>
public sealed record CsvSeries(string ValueColumn, ReadOnlyMemory<double> Values, IReadOnlyList<string>? Timestamps);
