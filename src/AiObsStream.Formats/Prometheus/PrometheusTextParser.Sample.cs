using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

// This part: Sample lines: `name[{labels}] value [timestamp] [# exemplar]`.
public sealed partial class PrometheusTextParser
{
    /// <summary>OpenMetrics: the exemplar's label names and values together hold at most 128 code points.</summary>
    private const int MaxExemplarLabelChars = 128;

    /// <summary>2000-01-01T00:00:00Z in Unix milliseconds (as <see cref="ExpositionSniffer"/> judges timestamps).</summary>
    private const long PlausibleFromUnixMs = 946_684_800_000;

    /// <summary>2100-01-01T00:00:00Z in Unix milliseconds.</summary>
    private const long PlausibleToUnixMs = 4_102_444_800_000;

    /// <summary>The range <see cref="DateTimeOffset"/> can show (for messages about absurd timestamps).</summary>
    private const long MinUnixMs = -62_135_596_800_000;

    private const long MaxUnixMs = 253_402_300_799_999;

    private byte[] _scratch = new byte[512];
    private LabelSpan[] _labels = new LabelSpan[16];

    /// <summary>Label sets parsed recently, so that a repeated one is not parsed again.</summary>
    private readonly ParsedLabelSetCache _labelSets = new();

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
            if (PrometheusNumbers.Overflows(valueToken))
            {
                return FailValue(out failure, valueStart, string.Create(CultureInfo.InvariantCulture,
                    $"sample value {Quote(valueToken)} at column {valueStart + 1} is beyond the range of a float64; the sample is not used"));
            }

            return Fail(out failure, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"sample value {Quote(valueToken)} at column {valueStart + 1} is not a number (or is out of range)"));
        }

        var sampleLabels = _labelCount; // exemplar labels, if any, are parsed after these and not mapped
        var tail = new SampleTail { TimeUnixMs = defaultTimeUnixMs };
        if (!TryParseTail(line, ref pos, om, ref tail, out failure))
        {
            return false;
        }

        var labels = _labels.AsSpan(0, sampleLabels);
        var scratch = _scratch.AsSpan(0, _scratchLength);
        if (om && !_validator.TrySample(name, scratch, labels, value, tail.HasTime, tail.Seconds, tail.HasExemplar, out var rule))
        {
            return Fail(out failure, start, rule!);
        }

        _sawTimestamp |= tail.HasTime;
        return TryMap(name, rawLabels, scratch, labels, value, in tail, valueStart, output, out failure);
    }

    /// <summary>Maps a valid sample; DCGM and InfiniBand samples whose time or value cannot be used are <c>invalid_value</c> rejects.</summary>
    private bool TryMap(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawLabels, ReadOnlySpan<byte> scratch,
        ReadOnlySpan<LabelSpan> labels, double value, in SampleTail tail, int valueStart, EventBuffer output, out ParseError failure)
    {
        failure = default;
        if (DcgmSampleMapper.IsDcgm(name) || InfinibandSampleMapper.IsInfiniband(name))
        {
            if (!tail.HasTime && (_missingTimestamps == MissingTimestampPolicy.Reject
                || (_missingTimestamps == MissingTimestampPolicy.RejectOnceTimestamped && _sawTimestamp)))
            {
                return FailValue(out failure, valueStart,
                    "sample has no timestamp in an input whose samples carry timestamps (a line cut short?); it is not given the file's time");
            }

            if (tail.TimeOutOfRange)
            {
                return FailValue(out failure, tail.TimeStart, string.Create(CultureInfo.InvariantCulture,
                    $"timestamp {tail.Seconds:R} s at column {tail.TimeStart + 1} is outside the range of int64 milliseconds"));
            }

            if (tail.HasTime && (RejectImplausibleTimestamps || _checkTimestampsThisScrape) && !IsPlausibleTime(tail.TimeUnixMs))
            {
                return FailValue(out failure, tail.TimeStart, ImplausibleTime(in tail));
            }
        }

        var error = _mapper.Map(name, rawLabels, scratch, labels, value, tail.TimeUnixMs, output);
        return error is null || FailValue(out failure, valueStart, error);
    }

    /// <summary>Whether a sample time lies between 2000 and 2100 (the sniffer's plausible range).</summary>
    private static bool IsPlausibleTime(long unixMs) => unixMs is >= PlausibleFromUnixMs and < PlausibleToUnixMs;

    /// <summary>Why a timestamp is not used: what it reads as here, and what it would read as in the other dialect.</summary>
    private string ImplausibleTime(in SampleTail tail)
    {
        var om = IsOpenMetrics;
        var other = om ? tail.Seconds / 1000.0 : tail.Seconds * 1000.0;
        var hint = PrometheusNumbers.TrySecondsToUnixMs(other, out var otherMs) && IsPlausibleTime(otherMs)
            ? " (it would be plausible in " + (om ? "milliseconds" : "seconds") + ": a damaged line, or a sample of another format?)"
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"timestamp at column {tail.TimeStart + 1} reads as {Show(tail.TimeUnixMs)} in {(om ? "OpenMetrics (seconds)" : "Prometheus text 0.0.4 (milliseconds)")}, the reading most of this input's timestamps fit, and is not between 2000 and 2100{hint}; the sample is not used");
    }

    private static string Show(long unixMs) => unixMs switch
    {
        < MinUnixMs => "a time before year 1",
        > MaxUnixMs => "a time after year 9999",
        _ => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    };

    /// <summary>Parses the optional timestamp and (OpenMetrics) exemplar after the value, up to the end of the line.</summary>
    private bool TryParseTail(ReadOnlySpan<byte> line, ref int pos, bool om, ref SampleTail tail, out ParseError failure)
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
            tail.TimeStart = pos;
            var token = Token(line, ref pos);
            if (!TryParseTimestamp(token, om, ref tail))
            {
                return Fail(out failure, tail.TimeStart, string.Create(CultureInfo.InvariantCulture,
                    $"timestamp {Quote(token)} at column {tail.TimeStart + 1} is not {(om ? "a number of seconds" : "an int64 number of milliseconds")}"));
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

        tail.HasExemplar = true;
        return om ? TryParseExemplar(line, ref pos, out failure)
            : Fail(out failure, pos, line, "end of line expected after the sample");
    }

    private static bool TryParseTimestamp(ReadOnlySpan<byte> token, bool om, ref SampleTail tail)
    {
        tail.HasTime = true;
        if (!om)
        {
            if (!PrometheusNumbers.TryParseMilliseconds(token, out tail.TimeUnixMs))
            {
                return false;
            }

            tail.Seconds = tail.TimeUnixMs / 1000.0;
            return true;
        }

        // A huge timestamp with a fraction is valid OpenMetrics; only its use as an event time fails, per sample.
        if (!PrometheusNumbers.TryParseTimestampSeconds(token, out tail.Seconds))
        {
            return false;
        }

        tail.TimeOutOfRange = !PrometheusNumbers.TrySecondsToUnixMs(tail.Seconds, out tail.TimeUnixMs);
        return true;
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
        var firstLabel = _labelCount;
        var labelsStart = pos;
        if (!TryParseLabels(line, ref pos, om: true, out failure))
        {
            return false;
        }

        if (ExemplarLabelChars(firstLabel) > MaxExemplarLabelChars)
        {
            return Fail(out failure, labelsStart, string.Create(CultureInfo.InvariantCulture,
                $"exemplar labels hold {ExemplarLabelChars(firstLabel)} characters (names and values together must not exceed {MaxExemplarLabelChars})"));
        }

        if (!TrySeparator(line, ref pos, true, "exemplar value", out failure))
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
            if (!PrometheusNumbers.TryParseTimestampSeconds(Token(line, ref pos), out _) || pos != line.Length)
            {
                return Fail(out failure, tsStart, line, "exemplar timestamp (seconds) and end of line expected");
            }
        }

        return true;
    }

    /// <summary>Code points in the names and values of the labels from <paramref name="first"/> on.</summary>
    private int ExemplarLabelChars(int first)
    {
        var chars = 0;
        for (var i = first; i < _labelCount; i++)
        {
            var label = _labels[i];
            chars += System.Text.Unicode.Utf8.IsValid(_scratch.AsSpan(label.NameStart, label.NameLength))
                ? CountRunes(_scratch.AsSpan(label.NameStart, label.NameLength)) + CountRunes(_scratch.AsSpan(label.ValueStart, label.ValueLength))
                : label.NameLength + label.ValueLength;
        }

        return chars;
    }

    private static int CountRunes(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++; // every byte that does not continue a sequence starts a code point
            }
        }

        return count;
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

    /// <summary>What follows a sample's value.</summary>
    private struct SampleTail
    {
        public long TimeUnixMs;
        public double Seconds;
        public int TimeStart;
        public bool HasTime;
        public bool TimeOutOfRange;
        public bool HasExemplar;
    }
}
