using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

// This part: Sample lines: `name[{labels}] value [timestamp] [# exemplar]`.
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
        if (!TryParseOptionalLabels(line, ref pos, om, out var rawLabels, out failure)
            || !TrySeparator(line, ref pos, om, "value", out failure))
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
}
