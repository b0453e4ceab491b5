using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Csv;

/// <summary>
/// Reads one numeric column (and a carried <c>timestamp</c> column) from a headed, comma-separated file.
/// </summary>
/// <remarks>
/// The value column is the one named by the caller, else <c>Value</c>/<c>value</c> (any case). A UTF-8 byte-order
/// mark is ignored, blank lines are skipped, fields may be wrapped in double quotes. Never throws on bad content:
/// a bad row yields a <see cref="ParseError"/> whose message names the 1-based line and the column.
/// </remarks>
public static class CsvSeriesReader
{
    private const string DefaultColumn = "Value";
    private const string TimestampColumn = "timestamp";

    /// <summary>Reads the series from <paramref name="reader"/>.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="column">The value column, or null for <c>Value</c>/<c>value</c>.</param>
    /// <param name="series">The series when the result is true.</param>
    /// <param name="error">What is wrong and where, when the result is false.</param>
    /// <returns>True when the whole file was read.</returns>
    public static bool TryRead(TextReader reader, string? column, out CsvSeries? series, out ParseError error)
    {
        ArgumentNullException.ThrowIfNull(reader);
        series = null;
        error = default;
        string? header = reader.ReadLine();
        if (header is null)
        {
            error = new ParseError(RejectReason.Malformed, "line 1: the file is empty (a header line is required)");
            return false;
        }

        string[] names = SplitLine(header.TrimStart('\uFEFF'));
        int valueIndex = FindColumn(names, column ?? DefaultColumn, exactFirst: column is not null);
        if (valueIndex < 0)
        {
            error = new ParseError(RejectReason.UnknownShape, $"line 1: no column '{column ?? DefaultColumn}' in header '{header}'");
            return false;
        }

        int timeIndex = FindColumn(names, TimestampColumn, exactFirst: false);
        var values = new List<double>();
        List<string>? timestamps = timeIndex >= 0 ? [] : null;
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string[] fields = SplitLine(line);
            if (fields.Length <= valueIndex || (timeIndex >= 0 && fields.Length <= timeIndex))
            {
                error = new ParseError(RejectReason.Malformed, $"line {lineNumber}: expected {names.Length} fields, found {fields.Length}", values.Count);
                return false;
            }

            string cell = fields[valueIndex].Trim();
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                error = new ParseError(RejectReason.InvalidValue, $"line {lineNumber}: '{cell}' in column '{names[valueIndex]}' is not a number", values.Count);
                return false;
            }

            values.Add(value);
            timestamps?.Add(fields[timeIndex].Trim());
        }

        series = new CsvSeries(names[valueIndex], values.ToArray(), timestamps);
        return true;
    }

    private static int FindColumn(string[] names, string wanted, bool exactFirst)
    {
        if (exactFirst)
        {
            int exact = Array.IndexOf(names, wanted);
            if (exact >= 0)
            {
                return exact;
            }
        }

        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], wanted, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string[] SplitLine(string line)
    {
        string[] fields = line.Split(',');
        for (int i = 0; i < fields.Length; i++)
        {
            string f = fields[i].Trim();
            fields[i] = f.Length >= 2 && f[0] == '"' && f[^1] == '"' ? f[1..^1] : f;
        }

        return fields;
    }
}
