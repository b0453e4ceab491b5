using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Nab;

/// <summary>Parses a NAB data file: a <c>timestamp,value</c> header, then one <c>yyyy-MM-dd HH:mm:ss,number</c> row per
/// line (LF or CRLF, optional UTF-8 BOM, blank lines ignored).</summary>
public static class NabCsvParser
{
    private static ReadOnlySpan<byte> Header => "timestamp,value"u8;

    /// <summary>Parses <paramref name="content"/>; never throws.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="data">The rows, when the result is true.</param>
    /// <param name="error">What is wrong and on which line (1-based, header = line 1), when the result is false.</param>
    /// <returns>True when every line is valid and there is at least one row.</returns>
    public static bool TryParse(ReadOnlySpan<byte> content, out NabCsvData? data, out ParseError error)
    {
        data = null;
        error = default;
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        var timestamps = new List<long>();
        var values = new List<double>();
        int line = 0;
        long offset = 0;
        while (!content.IsEmpty)
        {
            int end = content.IndexOf((byte)'\n');
            var raw = end < 0 ? content : content[..end];
            var text = raw.EndsWith("\r"u8) ? raw[..^1] : raw;
            line++;
            if (line == 1 ? !HeaderOk(text, out error) : !text.IsEmpty && !TryRow(text, line, offset, timestamps, values, out error))
            {
                return false;
            }

            offset += raw.Length + 1;
            content = end < 0 ? default : content[(end + 1)..];
        }

        if (values.Count == 0)
        {
            error = new ParseError(RejectReason.UnknownShape, line == 0 ? "empty file: expected the header 'timestamp,value'" : "no data rows after the header");
            return false;
        }

        data = new NabCsvData([.. timestamps], [.. values]);
        return true;
    }

    private static bool HeaderOk(ReadOnlySpan<byte> text, out ParseError error)
    {
        error = default;
        if (text.SequenceEqual(Header))
        {
            return true;
        }

        error = new ParseError(RejectReason.UnknownShape, "line 1: expected the header 'timestamp,value'", 0, 0);
        return false;
    }

    private static bool TryRow(ReadOnlySpan<byte> text, int line, long offset, List<long> timestamps, List<double> values, out ParseError error)
    {
        error = default;
        int comma = text.IndexOf((byte)',');
        if (comma < 0 || text[(comma + 1)..].Contains((byte)','))
        {
            error = new ParseError(RejectReason.Malformed, $"line {line}: expected two fields 'timestamp,value'", line - 1, offset);
            return false;
        }

        if (!NabTimestamp.TryParse(text[..comma], out long unixMs))
        {
            error = new ParseError(RejectReason.InvalidValue, $"line {line}: timestamp is not 'yyyy-MM-dd HH:mm:ss'", line - 1, offset);
            return false;
        }

        if (!double.TryParse(text[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            error = new ParseError(RejectReason.InvalidValue, $"line {line}: value is not a finite number", line - 1, offset + comma + 1);
            return false;
        }

        timestamps.Add(unixMs);
        values.Add(value);
        return true;
    }
}
