using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// A stateful, line-oriented parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text that
/// turns dcgm-exporter samples (<c>DCGM_FI_*</c>) into <see cref="EventKind.GpuSample"/> events.
/// </summary>
/// <remarks>
/// Feed the lines of one scrape in order, then call <see cref="Reset"/> before the next scrape. A bad line returns
/// false with a specific message (token and 1-based column) and leaves the parser usable; nothing is appended for it.
/// Never throws on any byte input. Not thread-safe: one instance per reader. Label values are interned in a
/// <see cref="StringPool"/> owned by this parser and dimensions in <see cref="DimsPool.Shared"/>; a cache of recent
/// label sets makes repeated series allocation-free. See formats.md §2 and §3 for the rules implemented. In OpenMetrics
/// the rules that span lines (metadata, families, values per type, histograms, timestamps) are checked by an
/// <see cref="OpenMetricsValidator"/>. A syntactically valid DCGM sample whose value is outside its plausible range
/// (<see cref="DcgmValueRanges"/>) or whose time cannot be used is an <c>invalid_value</c> failure, not a malformed line.
/// </remarks>
public sealed partial class PrometheusTextParser
{
    private readonly DcgmSampleMapper _mapper;
    private readonly OpenMetricsValidator _validator = new();
    private PrometheusDialect _dialect;
    private MissingTimestampPolicy _missingTimestamps;
    private bool _openMetricsDetected;
    private bool _sawTimestamp;
    private bool _checkTimestampsThisScrape;

    /// <summary>Creates a parser.</summary>
    /// <param name="deploymentOverrides">
    /// Optional pod-or-host name → deployment map; it wins over the name derived from the <c>pod</c> label (a
    /// <c>deployment</c> label still wins over both). Copied at construction.
    /// </param>
    public PrometheusTextParser(IReadOnlyDictionary<string, string>? deploymentOverrides = null)
    {
        _mapper = new DcgmSampleMapper(new StringPool(), DimsPool.Shared, deploymentOverrides);
    }

    /// <summary>The rules to apply; <see cref="PrometheusDialect.Auto"/> (the default) detects OpenMetrics.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined dialect.</exception>
    public PrometheusDialect Dialect
    {
        get => _dialect;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown Prometheus dialect.");
            }

            _dialect = value;
        }
    }

    /// <summary>What a DCGM sample without a timestamp gets; <see cref="MissingTimestampPolicy.UseDefaultTime"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined policy.</exception>
    public MissingTimestampPolicy MissingTimestamps
    {
        get => _missingTimestamps;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown missing-timestamp policy.");
            }

            _missingTimestamps = value;
        }
    }

    /// <summary>
    /// Whether a DCGM sample whose timestamp does not read as a time between 2000 and 2100 in the dialect in force is an
    /// <c>invalid_value</c> reject (file replay: the dialect was decided from the reading most timestamps fit, and a
    /// minority that does not, e.g. a timestamp cut short, must cost only its own sample, not move event time to 1970
    /// or decide the file's dialect). False by default: the sample keeps whatever time its timestamp says.
    /// </summary>
    public bool RejectImplausibleTimestamps { get; set; }

    /// <summary>Whether OpenMetrics rules apply to the next line (set, or detected in this scrape).</summary>
    public bool IsOpenMetrics =>
        _dialect == PrometheusDialect.OpenMetrics || (_dialect == PrometheusDialect.Auto && _openMetricsDetected);

    /// <summary>Whether the current scrape has reached its <c># EOF</c> line (OpenMetrics).</summary>
    public bool SawEof { get; private set; }

    /// <summary>DCGM samples dropped (not errors) because the value is NaN or a DCGM blank sentinel (≥ 0x7ffffffffffffff0).</summary>
    public long SkippedSamples => _mapper.SkippedSamples;

    /// <summary>Valid samples of families other than <c>DCGM_FI_*</c>, which are ignored.</summary>
    public long IgnoredSamples => _mapper.IgnoredSamples;

    /// <summary>GPU sample events produced since construction.</summary>
    public long GpuSamples => _mapper.MappedSamples;

    /// <summary>Starts a new scrape: forgets OpenMetrics detection and the <c># EOF</c> seen (caches are kept).</summary>
    public void Reset()
    {
        _openMetricsDetected = false;
        _checkTimestampsThisScrape = false;
        SawEof = false;
        _validator.Begin();
    }

    /// <summary>Parses one line (without its <c>\n</c>), appending at most one event to <paramref name="output"/>.</summary>
    /// <param name="line">The UTF-8 bytes of the line; a trailing <c>\r</c> is tolerated in 0.0.4.</param>
    /// <param name="defaultTimeUnixMs">Time for samples without a timestamp (the scrape time), Unix ms.</param>
    /// <param name="output">Where events are appended.</param>
    /// <param name="failure">
    /// Why the line is bad, when the result is false: reason, message, RecordIndex -1 and ByteOffset = the 0-based
    /// offset inside <paramref name="line"/>.
    /// </param>
    /// <returns>True for a good line (sample, metadata, comment or blank), false for a bad one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public bool TryParseLine(ReadOnlySpan<byte> line, long defaultTimeUnixMs, EventBuffer output, out ParseError failure)
    {
        ArgumentNullException.ThrowIfNull(output);
        failure = default;
        var om = IsOpenMetrics;
        var start = 0;
        if (om)
        {
            var cr = line.IndexOf((byte)'\r');
            if (cr >= 0)
            {
                return Fail(out failure, cr, "carriage return (\\r) is not allowed in OpenMetrics");
            }
        }
        else
        {
            line = line.TrimEnd("\r"u8).TrimEnd(" \t"u8);
            while (start < line.Length && IsBlank(line[start]))
            {
                start++;
            }
        }

        if (SawEof)
        {
            return Fail(out failure, start, "content after '# EOF'");
        }

        if (!Utf8.IsValid(line))
        {
            return FailUtf8(line, out failure);
        }

        if (start == line.Length)
        {
            return !om || Fail(out failure, 0, "empty line is not allowed in OpenMetrics");
        }

        return line[start] == (byte)'#'
            ? TryParseComment(line, start, out failure)
            : TryParseSample(line, start, defaultTimeUnixMs, output, out failure);
    }

    /// <summary>Switches the current scrape to OpenMetrics rules (when <see cref="Dialect"/> is Auto).</summary>
    internal void MarkOpenMetrics() => _openMetricsDetected = true;

    /// <summary>
    /// Applies <see cref="RejectImplausibleTimestamps"/> to the current scrape only (its dialect was decided from its
    /// timestamps by <see cref="ExpositionSniffer"/>).
    /// </summary>
    internal void MarkTimestampsChecked() => _checkTimestampsThisScrape = true;

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>A bad UTF-8 sequence: the exposition formats are UTF-8 text, so the line is malformed (never U+FFFD).</summary>
    private static bool FailUtf8(ReadOnlySpan<byte> line, out ParseError failure)
    {
        var at = 0;
        while (at < line.Length && Rune.DecodeFromUtf8(line[at..], out _, out var consumed) == OperationStatus.Done)
        {
            at += consumed;
        }

        return Fail(out failure, at, string.Create(CultureInfo.InvariantCulture,
            $"invalid UTF-8 at column {at + 1} (byte 0x{line[Math.Min(at, line.Length - 1)]:X2}): the exposition must be UTF-8 text"));
    }

    /// <summary>A syntactically valid sample whose value or time cannot be used (a per-sample <c>invalid_value</c> reject).</summary>
    private static bool FailValue(out ParseError failure, int offset, string message)
    {
        failure = new ParseError(RejectReason.InvalidValue, message, -1, offset);
        return false;
    }

    private static bool Fail(out ParseError failure, int offset, string message)
    {
        failure = new ParseError(RejectReason.Malformed, message, -1, offset);
        return false;
    }

    private static bool Fail(out ParseError failure, int offset, ReadOnlySpan<byte> line, string what) =>
        Fail(out failure, offset, string.Create(CultureInfo.InvariantCulture,
            $"{what} at column {offset + 1}, found {Describe(line, offset)}"));

    /// <summary>Describes the byte at <paramref name="offset"/> for an error message.</summary>
    private static string Describe(ReadOnlySpan<byte> line, int offset)
    {
        if (offset >= line.Length)
        {
            return "end of line";
        }

        var b = line[offset];
        return b is >= 0x21 and < 0x7f
            ? string.Create(CultureInfo.InvariantCulture, $"'{(char)b}'")
            : string.Create(CultureInfo.InvariantCulture, $"byte 0x{b:X2}");
    }

    /// <summary>Quotes a token for an error message (at most 40 bytes, decoded leniently).</summary>
    private static string Quote(ReadOnlySpan<byte> token) =>
        token.Length <= 40 ? "'" + Encoding.UTF8.GetString(token) + "'" : "'" + Encoding.UTF8.GetString(token[..40]) + "...'";
}
