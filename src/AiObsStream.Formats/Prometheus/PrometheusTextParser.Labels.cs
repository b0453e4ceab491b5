using System.Globalization;
using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

// This part: Label sets: `{name="value",...}` with escapes `\\ \" \n` and an optional trailing comma.
public sealed partial class PrometheusTextParser
{
    /// <summary>Parses the label set after a metric name, if there is one (0.0.4 allows blanks before the brace).</summary>
    private bool TryParseOptionalLabels(ReadOnlySpan<byte> line, ref int pos, bool om, out ReadOnlySpan<byte> rawLabels,
        out ParseError failure)
    {
        failure = default;
        rawLabels = default;
        var afterName = pos;
        if (!om)
        {
            SkipBlanks(line, ref pos);
        }

        if (pos >= line.Length || line[pos] != (byte)'{')
        {
            pos = afterName;
            return true;
        }

        var labelsStart = pos;
        if (!TryParseLabels(line, ref pos, om, out failure))
        {
            return false;
        }

        rawLabels = line[labelsStart..pos];
        return true;
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
