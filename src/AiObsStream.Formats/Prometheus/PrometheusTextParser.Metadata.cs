using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

// This part: Comment and metadata lines: `# HELP`, `# TYPE`, `# UNIT`, `# EOF`.
public sealed partial class PrometheusTextParser
{
    private bool TryParseComment(ReadOnlySpan<byte> line, int start, out ParseError failure)
    {
        failure = default;
        var om = IsOpenMetrics;
        var pos = start + 1;
        var blanks = SkipBlanks(line, ref pos);
        var keywordStart = pos;
        var keyword = Token(line, ref pos);
        var isEof = keyword.SequenceEqual("EOF"u8);
        var isUnit = keyword.SequenceEqual("UNIT"u8);
        if (_dialect == PrometheusDialect.Auto && (isEof || isUnit))
        {
            om = true;
            _openMetricsDetected = true;
        }

        var isMetadata = isEof || isUnit || keyword.SequenceEqual("HELP"u8) || keyword.SequenceEqual("TYPE"u8);
        if (!isMetadata)
        {
            return !om || Fail(out failure, keywordStart,
                "OpenMetrics allows no comments: only '# HELP', '# TYPE', '# UNIT' and '# EOF' lines");
        }

        if (om && (blanks != 1 || line[start + 1] != (byte)' '))
        {
            return Fail(out failure, start + 1, "OpenMetrics requires exactly one space after '#'");
        }

        if (isEof)
        {
            if (!om)
            {
                return true; // a forced 0.0.4 exposition: just a comment
            }

            if (pos != line.Length)
            {
                return Fail(out failure, pos, line, "end of line expected after '# EOF'");
            }

            SawEof = true;
            return true;
        }

        if (!TryMetadataName(line, ref pos, om, out var name, out failure))
        {
            return false;
        }

        // The HELP docstring is free text (its escapes \\ and \n only matter for display).
        return keyword[0] == (byte)'H' || TryTypeOrUnit(line, pos, name, isUnit, om, out failure);
    }

    private static bool TryTypeOrUnit(ReadOnlySpan<byte> line, int pos, ReadOnlySpan<byte> name, bool isUnit, bool om,
        out ParseError failure)
    {
        var argumentStart = pos;
        var argument = Token(line, ref pos);
        if (argument.IsEmpty && !isUnit)
        {
            return Fail(out failure, pos, line, "metric type expected");
        }

        if (pos != line.Length)
        {
            return Fail(out failure, pos, line, "end of line expected after the " + (isUnit ? "unit" : "type"));
        }

        return isUnit ? TryUnit(name, argument, argumentStart, om, out failure) : TryType(argument, argumentStart, om, out failure);
    }

    private static bool TryMetadataName(ReadOnlySpan<byte> line, ref int pos, bool om, out ReadOnlySpan<byte> name,
        out ParseError failure)
    {
        failure = default;
        name = default;
        var blanks = SkipBlanks(line, ref pos);
        if (blanks == 0 || (om && blanks != 1))
        {
            return Fail(out failure, pos, line, om ? "one space expected after the keyword" : "blank expected after the keyword");
        }

        var nameStart = pos;
        if (!TryMetricName(line, ref pos))
        {
            return Fail(out failure, pos, line, "metric name expected");
        }

        name = line[nameStart..pos];
        if (pos == line.Length)
        {
            return true;
        }

        if (!IsBlank(line[pos]))
        {
            return Fail(out failure, pos, line, "blank expected after the metric name");
        }

        blanks = SkipBlanks(line, ref pos);
        return !om || blanks == 1 || Fail(out failure, pos - blanks + 1, "OpenMetrics requires exactly one space separator");
    }

    private static bool TryType(ReadOnlySpan<byte> type, int offset, bool om, out ParseError failure)
    {
        failure = default;
        var known = type.SequenceEqual("counter"u8) || type.SequenceEqual("gauge"u8)
            || type.SequenceEqual("histogram"u8) || type.SequenceEqual("summary"u8)
            || (!om && type.SequenceEqual("untyped"u8))
            || type.SequenceEqual("unknown"u8) || type.SequenceEqual("gaugehistogram"u8)
            || type.SequenceEqual("stateset"u8) || type.SequenceEqual("info"u8);
        return known || Fail(out failure, offset, string.Create(CultureInfo.InvariantCulture,
            $"unknown metric type {Quote(type)} at column {offset + 1}"));
    }

    private static bool TryUnit(ReadOnlySpan<byte> name, ReadOnlySpan<byte> unit, int offset, bool om, out ParseError failure)
    {
        failure = default;

        // OpenMetrics: a non-empty unit must be a suffix of the family name ("_" + unit).
        var suffixOk = unit.IsEmpty || (name.Length > unit.Length + 1 && name.EndsWith(unit) && name[^(unit.Length + 1)] == (byte)'_');
        return !om || suffixOk || Fail(out failure, offset, string.Create(CultureInfo.InvariantCulture,
            $"unit {Quote(unit)} at column {offset + 1} is not a suffix of the metric name {Quote(name)}"));
    }

    /// <summary>Skips spaces and tabs; returns how many.</summary>
    private static int SkipBlanks(ReadOnlySpan<byte> line, ref int pos)
    {
        var begin = pos;
        while (pos < line.Length && IsBlank(line[pos]))
        {
            pos++;
        }

        return pos - begin;
    }

    /// <summary>Reads up to the next blank or the end of the line.</summary>
    private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> line, ref int pos)
    {
        var begin = pos;
        while (pos < line.Length && !IsBlank(line[pos]))
        {
            pos++;
        }

        return line[begin..pos];
    }

    /// <summary>Reads a metric name <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; false when none starts at <paramref name="pos"/>.</summary>
    private static bool TryMetricName(ReadOnlySpan<byte> line, ref int pos)
    {
        if (pos >= line.Length || !(IsNameStart(line[pos]) || line[pos] == (byte)':'))
        {
            return false;
        }

        pos++;
        while (pos < line.Length && (IsNameChar(line[pos]) || line[pos] == (byte)':'))
        {
            pos++;
        }

        return true;
    }

    private static bool IsNameStart(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    private static bool IsNameChar(byte b) => IsNameStart(b) || b is >= (byte)'0' and <= (byte)'9';
}
