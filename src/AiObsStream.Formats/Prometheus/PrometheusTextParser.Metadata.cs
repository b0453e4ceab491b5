using System.Buffers;
using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

// This part: Comment and metadata lines: `# HELP`, `# TYPE`, `# UNIT`, `# EOF`.
public sealed partial class PrometheusTextParser
{
    private static readonly SearchValues<byte> MetricNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    /// <summary>The characters of a label name after its first (no colon, unlike a metric name).</summary>
    private static readonly SearchValues<byte> LabelNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    /// <summary>0.0.4 TYPE per metric name seen in this input (bounded), to report clashes.</summary>
    private readonly Dictionary<string, byte[]> _text004Types = new(StringComparer.Ordinal);

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
            return _validator.TryFinish(out var rule) || Fail(out failure, start, rule!);
        }

        if (!TryMetadataName(line, ref pos, om, keyword[0], out var name, out failure))
        {
            return false;
        }

        // The HELP docstring is free text (its escapes \\ and \n only matter for display).
        var argumentStart = pos;
        if (keyword[0] != (byte)'H' && !TryTypeOrUnit(line, pos, name, isUnit, om, out failure))
        {
            return false;
        }

        var argument = keyword[0] == (byte)'H' ? default : line[argumentStart..];
        if (om)
        {
            return _validator.TryMetadata(keyword[0], name, argument, out var rule) || Fail(out failure, keywordStart, rule!);
        }

        return keyword[0] != (byte)'T' || TryText004Type(name, argument, argumentStart, out failure);
    }

    /// <summary>
    /// 0.0.4 allows one TYPE per name; a capture file concatenates scrapes, so a repeated identical TYPE is accepted,
    /// but a TYPE that contradicts an earlier one for the same name is a clash.
    /// </summary>
    private bool TryText004Type(ReadOnlySpan<byte> name, ReadOnlySpan<byte> type, int offset, out ParseError failure)
    {
        failure = default;
        Span<char> chars = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i]; // metric names are ASCII
        }

        var lookup = _text004Types.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(chars, out var declared))
        {
            if (_text004Types.Count < 4096)
            {
                _text004Types.Add(new string(chars), type.ToArray());
            }

            return true;
        }

        return type.SequenceEqual(declared) || Fail(out failure, offset, string.Create(CultureInfo.InvariantCulture,
            $"TYPE clash: '{new string(chars)}' was declared {Quote(declared)} and is now declared {Quote(type)} (one TYPE per metric name)"));
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

        if (isUnit && om && argument.ContainsAnyExcept(MetricNameChars))
        {
            return Fail(out failure, argumentStart, "a unit is made of metric-name characters [a-zA-Z0-9_:] only");
        }

        return isUnit ? TryUnit(name, argument, argumentStart, om, out failure) : TryType(argument, argumentStart, om, out failure);
    }

    private static bool TryMetadataName(ReadOnlySpan<byte> line, ref int pos, bool om, byte keyword, out ReadOnlySpan<byte> name,
        out ParseError failure)
    {
        failure = default;
        name = default;
        var blanks = SkipBlanks(line, ref pos);
        if (blanks == 0 || (om && (blanks != 1 || line[pos - 1] != (byte)' ')))
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
            // OpenMetrics' ABNF has 'SP' after the name even when the help text or unit is empty.
            return !om || Fail(out failure, pos, line, keyword == (byte)'H'
                ? "a space and the help text expected after the metric name (OpenMetrics)"
                : keyword == (byte)'U' ? "a space and the unit expected after the metric name (OpenMetrics)"
                : "metric type expected");
        }

        if (!IsBlank(line[pos]) || (om && line[pos] != (byte)' '))
        {
            return Fail(out failure, pos, line, om ? "one space expected after the metric name" : "blank expected after the metric name");
        }

        if (om)
        {
            pos++; // exactly one space; what follows (even more spaces) is the argument
            return true;
        }

        SkipBlanks(line, ref pos);
        return true;
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

        // One vectorized scan for the rest of the name (perf, #12: the byte loop was ~2 % of a dcgm file's run).
        var end = line[++pos..].IndexOfAnyExcept(MetricNameChars);
        pos = end < 0 ? line.Length : pos + end;
        return true;
    }

    private static bool IsNameStart(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';
}
