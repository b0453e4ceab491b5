using System.Globalization;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Decides, before the first sample is parsed, whether an exposition is Prometheus text 0.0.4 or OpenMetrics 1.0,
/// because the two read the same timestamp token differently (int64 milliseconds vs seconds).
/// </summary>
/// <remarks>
/// The rule (README "Prometheus and OpenMetrics input"), in order:
/// <list type="number">
/// <item>An HTTP Content-Type decides: <c>application/openmetrics-text</c> is OpenMetrics, <c>text/plain</c> is 0.0.4
/// (<see cref="FromContentType"/>).</item>
/// <item>Otherwise the text decides. OpenMetrics markers: a line starting with <c># EOF</c>, a <c># UNIT</c> line, a
/// <c># TYPE</c> of <c>unknown</c>, <c>gaugehistogram</c>, <c>stateset</c> or <c>info</c>, or a counter family
/// <c>x</c> whose samples are named <c>x_total</c> / <c>x_created</c>. 0.0.4 markers: <c>untyped</c>, a comment
/// line, a CR before LF, a counter family <c>x</c> with a sample named <c>x</c>. OpenMetrics markers win (the strict
/// OpenMetrics parse then reports each line that breaks its rules).</item>
/// <item>Timestamps are then read by majority: each votes for the reading in which it is a time between 2000 and 2100
/// (int64 milliseconds, or seconds; never both). Markers decide unless most timestamps vote for the other dialect;
/// without markers, 0.0.4 needs most timestamps to be plausible milliseconds. A minority that does not fit (a line cut
/// short, a damaged digit) decides nothing: the parser dead-letters those DCGM samples one by one
/// (<see cref="PrometheusTextParser.RejectImplausibleTimestamps"/>). Only when no reading fits most timestamps (markers
/// of one dialect with most timestamps of the other, or no markers and most timestamps not int64 milliseconds) is the
/// input ambiguous and rejected whole, never guessed.</item>
/// </list>
/// Pure and allocation-light (messages only); never throws.
/// </remarks>
public static class ExpositionSniffer
{
    /// <summary>How many bytes at the start of an input are looked at (a file's head, a message's first bytes).</summary>
    public const int HeadBytes = 64 * 1024;

    /// <summary>2000-01-01T00:00:00Z in Unix seconds.</summary>
    private const double PlausibleFromSeconds = 946_684_800;

    /// <summary>2100-01-01T00:00:00Z in Unix seconds.</summary>
    private const double PlausibleToSeconds = 4_102_444_800;

    /// <summary>The dialect an HTTP Content-Type names, or <see cref="PrometheusDialect.Auto"/> when it names none.</summary>
    /// <param name="mediaType">The media type without parameters (e.g. <c>application/openmetrics-text</c>), or null.</param>
    public static PrometheusDialect FromContentType(string? mediaType)
    {
        if (string.Equals(mediaType, "application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return PrometheusDialect.OpenMetrics;
        }

        return string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase)
            ? PrometheusDialect.Text004
            : PrometheusDialect.Auto;
    }

    /// <summary>Decides the dialect of <paramref name="head"/> (the first bytes of a file, or a whole scrape).</summary>
    /// <param name="head">The bytes to look at.</param>
    /// <param name="complete">True when <paramref name="head"/> is the whole input (its last line is complete).</param>
    /// <param name="endsWithEof">True when the input is known to end with a <c># EOF</c> line beyond the head.</param>
    /// <returns>The verdict.</returns>
    public static DialectVerdict Detect(ReadOnlySpan<byte> head, bool complete, bool endsWithEof = false)
    {
        var scan = new Scan();
        if (endsWithEof)
        {
            scan.OpenMetrics = "OpenMetrics: the input ends with a '# EOF' line";
        }

        var offset = 0;
        while (offset < head.Length)
        {
            var newline = head[offset..].IndexOf((byte)'\n');
            if (newline < 0 && !complete)
            {
                break; // a line cut by the head's end cannot be judged
            }

            var line = newline < 0 ? head[offset..] : head.Slice(offset, newline);
            scan.Line(line);
            offset = newline < 0 ? head.Length : offset + newline + 1;
        }

        return scan.Verdict();
    }

    /// <summary>Reads the timestamp token of a sample line, if any (name, optional label set, value, timestamp).</summary>
    internal static ReadOnlySpan<byte> TimestampToken(ReadOnlySpan<byte> line)
    {
        var pos = 0;
        while (pos < line.Length && line[pos] is not ((byte)'{' or (byte)' ' or (byte)'\t'))
        {
            pos++;
        }

        while (pos < line.Length && line[pos] is (byte)' ' or (byte)'\t')
        {
            pos++;
        }

        if (pos < line.Length && line[pos] == (byte)'{')
        {
            var inQuotes = false;
            for (pos++; pos < line.Length; pos++)
            {
                var b = line[pos];
                if (inQuotes && b == (byte)'\\')
                {
                    pos++;
                }
                else if (b == (byte)'"')
                {
                    inQuotes = !inQuotes;
                }
                else if (!inQuotes && b == (byte)'}')
                {
                    pos++;
                    break;
                }
            }
        }

        var rest = line[Math.Min(pos, line.Length)..].Trim(" \t\r"u8);
        var blank = rest.IndexOfAny((byte)' ', (byte)'\t');
        if (blank < 0)
        {
            return default; // value only
        }

        rest = rest[blank..].TrimStart(" \t"u8);
        var end = rest.IndexOfAny((byte)' ', (byte)'\t');
        var token = end < 0 ? rest : rest[..end];
        return token.IsEmpty || token[0] == (byte)'#' ? default : token;
    }

    private static bool IsPlausibleSeconds(double seconds) => seconds is >= PlausibleFromSeconds and < PlausibleToSeconds;

    /// <summary>The evidence gathered line by line (constant messages: deciding allocates nothing).</summary>
    private ref struct Scan
    {
        public string? OpenMetrics;
        public string? Text004;
        private ReadOnlySpan<byte> _counterFamily;
        private int _timestamped;
        private int _seconds;
        private int _millis;
        private double _firstNotSeconds;
        private double _firstNotMillis;

        public Scan()
        {
            _firstNotSeconds = _firstNotMillis = double.NaN;
        }

        public void Line(ReadOnlySpan<byte> line)
        {
            if (line.EndsWith("\r"u8))
            {
                Text004 ??= "a line ends with CR LF";
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                return;
            }

            if (line[0] == (byte)'#')
            {
                Comment(line);
                return;
            }

            Sample(line);
        }

        public readonly DialectVerdict Verdict()
        {
            // Markers decide unless most timestamps fit only the other dialect's reading (then nothing fits most of
            // them). Timestamps plausible in neither reading (tiny test values, a damaged digit) do not contradict a
            // marker: the parser judges those samples one by one.
            var has = _timestamped > 0;
            if (OpenMetrics is not null)
            {
                return !Most(_millis)
                    ? new(PrometheusDialect.OpenMetrics, has, OpenMetrics, false)
                    : Ambiguous(has, string.Create(CultureInfo.InvariantCulture,
                        $"OpenMetrics ({OpenMetrics}) but {_millis} of {_timestamped} timestamps read as milliseconds, not OpenMetrics seconds (e.g. {_firstNotSeconds:R})"));
            }

            if (Text004 is not null)
            {
                return !Most(_seconds)
                    ? new(PrometheusDialect.Text004, has, Text004, false)
                    : Ambiguous(has, string.Create(CultureInfo.InvariantCulture,
                        $"Prometheus text 0.0.4 ({Text004}) but {_seconds} of {_timestamped} timestamps read as seconds, not 0.0.4 milliseconds (e.g. {_firstNotMillis:R})"));
            }

            if (!has)
            {
                return new(PrometheusDialect.Text004, false, "no OpenMetrics markers and no timestamps: Prometheus text 0.0.4", false);
            }

            return Most(_millis)
                ? new(PrometheusDialect.Text004, true, "no OpenMetrics markers and most timestamps in int64 milliseconds: Prometheus text 0.0.4", false)
                : Ambiguous(true, string.Create(CultureInfo.InvariantCulture,
                    $"no '# EOF', '# UNIT' or other marker of the format, and only {_millis} of {_timestamped} timestamps are int64 milliseconds between 2000 and 2100 (e.g. {_firstNotMillis:R})"));
        }

        /// <summary>Whether <paramref name="plausible"/> timestamps are more than half of those seen.</summary>
        private readonly bool Most(int plausible) => plausible * 2L > _timestamped;

        private static DialectVerdict Ambiguous(bool has, string why) => new(PrometheusDialect.Auto, has,
            "cannot tell OpenMetrics (timestamps in seconds) from Prometheus text 0.0.4 (milliseconds): " + why, true);

        private void Comment(ReadOnlySpan<byte> line)
        {
            var rest = line[1..].TrimStart(" \t"u8);
            if (rest.StartsWith("EOF"u8))
            {
                OpenMetrics ??= "OpenMetrics: a '# EOF' line";
                return;
            }

            if (rest.StartsWith("UNIT"u8) && rest.Length > 4 && rest[4] is (byte)' ' or (byte)'\t')
            {
                OpenMetrics ??= "OpenMetrics: a '# UNIT' line";
                return;
            }

            if (rest.StartsWith("HELP"u8) && (rest.Length == 4 || rest[4] is (byte)' ' or (byte)'\t'))
            {
                return;
            }

            if (!rest.StartsWith("TYPE"u8) || (rest.Length > 4 && rest[4] is not ((byte)' ' or (byte)'\t')))
            {
                Text004 ??= "Prometheus text 0.0.4: a comment line (OpenMetrics allows only HELP, TYPE, UNIT and EOF)";
                return;
            }

            Type(rest[4..].Trim(" \t"u8));
        }

        private void Type(ReadOnlySpan<byte> rest)
        {
            _counterFamily = default;
            var blank = rest.IndexOfAny((byte)' ', (byte)'\t');
            if (blank < 0)
            {
                return;
            }

            var name = rest[..blank];
            var type = rest[blank..].Trim(" \t"u8);
            if (type.SequenceEqual("unknown"u8) || type.SequenceEqual("gaugehistogram"u8)
                || type.SequenceEqual("stateset"u8) || type.SequenceEqual("info"u8))
            {
                OpenMetrics ??= "OpenMetrics: a '# TYPE' of an OpenMetrics type (unknown, gaugehistogram, stateset, info)";
            }
            else if (type.SequenceEqual("untyped"u8))
            {
                Text004 ??= "Prometheus text 0.0.4: '# TYPE ... untyped' (a 0.0.4 type)";
            }
            else if (type.SequenceEqual("counter"u8))
            {
                _counterFamily = name;
            }
        }

        private void Sample(ReadOnlySpan<byte> line)
        {
            if (!_counterFamily.IsEmpty)
            {
                var end = line.IndexOfAny("{ \t"u8);
                var name = end < 0 ? line : line[..end];
                if (name.SequenceEqual(_counterFamily))
                {
                    Text004 ??= "Prometheus text 0.0.4: a counter has a sample without the OpenMetrics '_total' suffix";
                }
                else if (name.StartsWith(_counterFamily)
                    && (name[_counterFamily.Length..].SequenceEqual("_total"u8) || name[_counterFamily.Length..].SequenceEqual("_created"u8)))
                {
                    OpenMetrics ??= "OpenMetrics: a counter family has '_total'/'_created' samples";
                }

                _counterFamily = default;
            }

            Timestamp(TimestampToken(line));
        }

        private void Timestamp(ReadOnlySpan<byte> token)
        {
            if (token.IsEmpty || !PrometheusNumbers.TryParseTimestampSeconds(token, out var value))
            {
                return; // no timestamp, or a bad one that the parser reports on its own line
            }

            // The two ranges are disjoint (a plausible time in seconds is 1000 times too small in milliseconds), so each
            // timestamp votes for one reading at most; a fraction is never int64 milliseconds.
            _timestamped++;
            if (IsPlausibleSeconds(value))
            {
                _seconds++;
            }
            else if (double.IsNaN(_firstNotSeconds))
            {
                _firstNotSeconds = value;
            }

            if (token.IndexOfAny(".eE"u8) < 0 && IsPlausibleSeconds(value / 1000.0))
            {
                _millis++;
            }
            else if (double.IsNaN(_firstNotMillis))
            {
                _firstNotMillis = value;
            }
        }
    }
}
