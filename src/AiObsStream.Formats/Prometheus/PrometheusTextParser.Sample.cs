using System.Globalization;
using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

/// <summary>Sample lines: <c>name[{labels}] value [timestamp] [# exemplar]</c>.</summary>
public sealed partial class PrometheusTextParser
{
    private byte[] _scratch = new byte[512];
    private LabelSpan[] _labels = new LabelSpan[16];
    private int _scratchLength;
    private int _labelCount;

    private bool TryParseSample(ReadOnlySpan<byte> line, int start, long defaultTimeUnixMs, EventBuffer output,
        out ParseError failure)
    {
        failure = default;
        var om = IsOpenMetrics;
        var pos = start;
        if (!TryMetricName(line, ref pos))
        {
            return Fail(out failure, pos, line, "metric name expected");
        }

        var name = line[start..pos];
        if (_scratch.Length < line.Length)
        {
            _scratch = new byte[Math.Max(line.Length, _scratch.Length * 2)]; // names + unescaped values never exceed the line
        }

        _scratchLength = 0;
        _labelCount = 0;
        var labelsStart = pos;
        if (!om)
        {
            SkipBlanks(line, ref pos);
        }

        var rawLabels = ReadOnlySpan<byte>.Empty;
        if (pos < line.Length && line[pos] == (byte)'{')
        {
            labelsStart = pos;
            if (!TryParseLabels(line, ref pos, om, out failure))
            {
                return false;
            }

            rawLabels = line[labelsStart..pos];
        }
        else
        {
            pos = labelsStart;
        }

        if (!TrySeparator(line, ref pos, om, "value", out failure))
        {
            return false;
        }

        var valueStart = pos;
        var valueToken = Token(line, ref pos);
        if (!PrometheusNumbers.TryParseValue(valueToken, out var value))
        {
            return Fail(out failure, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"sample value {Quote(valueToken)} at column {valueStart + 1} is not a number (or is out of range)"));
        }

        var timeUnixMs = defaultTimeUnixMs;
        var sampleLabels = _labelCount; // exemplar labels, if any, are parsed after these and not mapped
        if (!TryParseTail(line, ref pos, om, ref timeUnixMs, out failure))
        {
            return false;
        }

        _mapper.Map(name, rawLabels, _scratch.AsSpan(0, _scratchLength), _labels.AsSpan(0, sampleLabels), value,
            timeUnixMs, output);
        return true;
    }

    /// <summary>Parses the optional timestamp and (OpenMetrics) exemplar after the value, up to the end of the line.</summary>
    private bool TryParseTail(ReadOnlySpan<byte> line, ref int pos, bool om, ref long timeUnixMs, out ParseError failure)
    {
        failure = default;
        if (pos == line.Length)
        {
            return true;
        }

        if (!TrySeparator(line, ref pos, om, "timestamp", out failure))
        {
            return false;
        }

        if (line[pos] != (byte)'#')
        {
            var tsStart = pos;
            var token = Token(line, ref pos);
            var ok = om ? PrometheusNumbers.TryParseSeconds(token, out timeUnixMs) : PrometheusNumbers.TryParseMilliseconds(token, out timeUnixMs);
            if (!ok)
            {
                return Fail(out failure, tsStart, string.Create(CultureInfo.InvariantCulture,
                    $"timestamp {Quote(token)} at column {tsStart + 1} is not {(om ? "a number of seconds" : "an int64 number of milliseconds")}"));
            }

            if (pos == line.Length)
            {
                return true;
            }

            if (!TrySeparator(line, ref pos, om, "exemplar", out failure))
            {
                return false;
            }
        }

        return om ? TryParseExemplar(line, ref pos, out failure)
            : Fail(out failure, pos, line, "end of line expected after the sample");
    }

    /// <summary>Validates an OpenMetrics exemplar <c># {labels} value [timestamp]</c> (its content is not used).</summary>
    private bool TryParseExemplar(ReadOnlySpan<byte> line, ref int pos, out ParseError failure)
    {
        failure = default;
        if (!line[pos..].StartsWith("# {"u8))
        {
            return Fail(out failure, pos, line, "exemplar '# {' or end of line expected");
        }

        pos += 2;
        if (!TryParseLabels(line, ref pos, om: true, out failure) || !TrySeparator(line, ref pos, true, "exemplar value", out failure))
        {
            return false;
        }

        var valueStart = pos;
        if (!PrometheusNumbers.TryParseValue(Token(line, ref pos), out _))
        {
            return Fail(out failure, valueStart, line, "exemplar value expected");
        }

        if (pos < line.Length)
        {
            if (!TrySeparator(line, ref pos, true, "exemplar timestamp", out failure))
            {
                return false;
            }

            var tsStart = pos;
            if (!PrometheusNumbers.TryParseSeconds(Token(line, ref pos), out _) || pos != line.Length)
            {
                return Fail(out failure, tsStart, line, "exemplar timestamp (seconds) and end of line expected");
            }
        }

        return true;
    }

    /// <summary>Consumes the blanks before a token: at least one (exactly one space in OpenMetrics), then a token.</summary>
    private static bool TrySeparator(ReadOnlySpan<byte> line, ref int pos, bool om, string next, out ParseError failure)
    {
        failure = default;
        var begin = pos;
        var blanks = SkipBlanks(line, ref pos);
        if (pos == line.Length)
        {
            return Fail(out failure, pos, line, "missing " + next);
        }

        if (blanks == 0)
        {
            return Fail(out failure, pos, line, "blank before the " + next);
        }

        return !om || (blanks == 1 && line[begin] == (byte)' ')
            || Fail(out failure, begin, "OpenMetrics requires exactly one space before the " + next);
    }

    private bool TryParseLabels(ReadOnlySpan<byte> line, ref int pos, bool om, out ParseError failure)
    {
        failure = default;
        pos++; // '{'
        while (true)
        {
            if (!om)
            {
                SkipBlanks(line, ref pos);
            }

            if (pos >= line.Length)
            {
                return Fail(out failure, pos, line, "unterminated label set: label name or '}' expected");
            }

            if (line[pos] == (byte)'}')
            {
                pos++;
                return true; // also after a trailing comma
            }

            if (!TryParseLabel(line, ref pos, om, out failure))
            {
                return false;
            }

            if (!om)
            {
                SkipBlanks(line, ref pos);
            }

            if (pos < line.Length && line[pos] == (byte)',')
            {
                pos++;
            }
            else if (pos >= line.Length)
            {
                return Fail(out failure, pos, line, "unterminated label set: ',' or '}' expected");
            }
            else if (line[pos] != (byte)'}')
            {
                return Fail(out failure, pos, line, "',' or '}' expected after a label value");
            }
        }
    }

    private bool TryParseLabel(ReadOnlySpan<byte> line, ref int pos, bool om, out ParseError failure)
    {
        failure = default;
        var nameStart = pos;
        if (pos >= line.Length || !IsNameStart(line[pos]))
        {
            return Fail(out failure, pos, line, "label name expected");
        }

        while (pos < line.Length && IsNameChar(line[pos]))
        {
            pos++;
        }

        var name = line[nameStart..pos];
        if (!om)
        {
            SkipBlanks(line, ref pos);
        }

        if (pos >= line.Length || line[pos] != (byte)'=')
        {
            return Fail(out failure, pos, line, "'=' expected after label name " + Quote(name));
        }

        pos++;
        if (!om)
        {
            SkipBlanks(line, ref pos);
        }

        if (pos >= line.Length || line[pos] != (byte)'"')
        {
            return Fail(out failure, pos, line, "'\"' expected to open the value of label " + Quote(name));
        }

        var nameAt = Append(name);
        var valueAt = _scratchLength;
        if (!TryParseLabelValue(line, ref pos, name, out failure))
        {
            return false;
        }

        if (_labelCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
        }

        _labels[_labelCount++] = new LabelSpan(nameAt, name.Length, valueAt, _scratchLength - valueAt);
        return true;
    }

    /// <summary>Reads a quoted label value from its opening quote, unescaping <c>\\ \" \n</c> into the scratch buffer.</summary>
    private bool TryParseLabelValue(ReadOnlySpan<byte> line, ref int pos, ReadOnlySpan<byte> name, out ParseError failure)
    {
        failure = default;
        var open = pos++;
        while (true)
        {
            var rest = line[pos..];
            var stop = rest.IndexOfAny((byte)'"', (byte)'\\');
            if (stop < 0)
            {
                return Fail(out failure, line.Length, string.Create(CultureInfo.InvariantCulture,
                    $"unterminated value of label {Quote(name)} (opened at column {open + 1}): closing '\"' expected at column {line.Length + 1}"));
            }

            Append(rest[..stop]);
            pos += stop;
            if (line[pos] == (byte)'"')
            {
                pos++;
                return true;
            }

            var escaped = pos + 1 < line.Length ? line[pos + 1] : (byte)0;
            var unescaped = escaped switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'"' => (byte)'"',
                (byte)'n' => (byte)'\n',
                _ => (byte)0,
            };
            if (unescaped == 0)
            {
                return Fail(out failure, pos, string.Create(CultureInfo.InvariantCulture,
                    $"bad escape at column {pos + 1} in the value of label {Quote(name)}: only \\\\, \\\" and \\n are allowed, found {(pos + 1 < line.Length ? "\\" + Encoding.UTF8.GetString(line.Slice(pos + 1, 1)) : "'\\' at end of line")}"));
            }

            _scratch[_scratchLength++] = unescaped;
            pos += 2;
        }
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        var at = _scratchLength;
        bytes.CopyTo(_scratch.AsSpan(at));
        _scratchLength += bytes.Length;
        return at;
    }
}
