using System.Diagnostics;
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
        Debug.Assert(_scratchLength == 0 && _labelCount == 0, "the sample's own label set is parsed first");
        var slot = _labelSets.Find(line[labelsStart..], om);
        if (slot >= 0)
        {
            // The same bytes parse to the same labels (ParsedLabelSetCache); this is the first label set of the sample.
            _scratchLength = _labelSets.Restore(slot, _scratch, ref _labels, out _labelCount);
            pos += _labelSets.RawLength(slot);
            rawLabels = line[labelsStart..pos];
            return true;
        }

        if (!TryParseLabels(line, ref pos, om, out failure))
        {
            return false;
        }

        rawLabels = line[labelsStart..pos];
        _labelSets.Add(rawLabels, om, _scratch.AsSpan(0, _scratchLength), _labels.AsSpan(0, _labelCount));
        return true;
    }

    private bool TryParseLabels(ReadOnlySpan<byte> line, ref int pos, bool om, out ParseError failure)
    {
        failure = default;
        pos++; // '{'
        var setStart = _labelCount;
        var afterComma = false;
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
                // 0.0.4 allows a trailing comma; OpenMetrics' ABNF ("{" [label *(COMMA label)] "}") does not.
                if (om && afterComma)
                {
                    return Fail(out failure, pos - 1, "trailing comma in the label set is not allowed in OpenMetrics");
                }

                pos++;
                return true;
            }

            if (!TryParseLabel(line, ref pos, om, setStart, out failure))
            {
                return false;
            }

            afterComma = false;

            if (!om)
            {
                SkipBlanks(line, ref pos);
            }

            if (pos < line.Length && line[pos] == (byte)',')
            {
                pos++;
                afterComma = true;
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

    private bool TryParseLabel(ReadOnlySpan<byte> line, ref int pos, bool om, int setStart, out ParseError failure)
    {
        failure = default;
        var nameStart = pos;
        if (pos >= line.Length || !IsNameStart(line[pos]))
        {
            return Fail(out failure, pos, line, "label name expected");
        }

        var end = line[++pos..].IndexOfAnyExcept(LabelNameChars); // vectorized, as for metric names
        pos = end < 0 ? line.Length : pos + end;
        var name = line[nameStart..pos];
        if (IsDuplicate(name, setStart))
        {
            return Fail(out failure, nameStart, string.Create(CultureInfo.InvariantCulture,
                $"duplicate label name {Quote(name)} at column {nameStart + 1} (label names must be unique in a label set)"));
        }

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
        if (!TryParseLabelValue(line, ref pos, name, om, out failure))
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
    private bool TryParseLabelValue(ReadOnlySpan<byte> line, ref int pos, ReadOnlySpan<byte> name, bool om, out ParseError failure)
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
            if (unescaped == 0 && om && pos + 1 < line.Length)
            {
                // OpenMetrics' ABNF also allows BS followed by any other character (escaped-char =/ BS normal-char):
                // it stands for itself, backslash included, as the reference parser reads it.
                _scratch[_scratchLength++] = (byte)'\\';
                pos++;
                continue;
            }

            if (unescaped == 0)
            {
                return Fail(out failure, pos, string.Create(CultureInfo.InvariantCulture,
                    $"bad escape at column {pos + 1} in the value of label {Quote(name)}: Prometheus text 0.0.4 allows only \\\\, \\\" and \\n, found {(pos + 1 < line.Length ? "\\" + Encoding.UTF8.GetString(line.Slice(pos + 1, 1)) : "'\\' at end of line")}"));
            }

            _scratch[_scratchLength++] = unescaped;
            pos += 2;
        }
    }

    /// <summary>Whether a label of the set that starts at <paramref name="setStart"/> already has this name.</summary>
    private bool IsDuplicate(ReadOnlySpan<byte> name, int setStart)
    {
        for (var i = setStart; i < _labelCount; i++)
        {
            var label = _labels[i];
            if (label.NameLength == name.Length && _scratch.AsSpan(label.NameStart, label.NameLength).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        var at = _scratchLength;
        bytes.CopyTo(_scratch.AsSpan(at));
        _scratchLength += bytes.Length;
        return at;
    }
}
