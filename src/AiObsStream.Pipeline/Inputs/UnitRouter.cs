using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>
/// The one parser router of every input: decides what a unit is (an Event Hubs JSON body, a JSON log line, a
/// Prometheus / OpenMetrics exposition) and parses it into the batch being built, with one parser per format, configured
/// the same way whatever the transport. Files (each line, a whole document, each OpenMetrics exposition), scrape bodies
/// and Kafka messages all come through <see cref="Accept"/>, so the same bytes give the same events and the same rejects
/// (reason, message, record index, excerpt) whichever way they arrive; only the position differs, because it says where
/// the unit is in its transport (a file's line, a scrape's number, a topic offset).
/// </summary>
/// <remarks>
/// <para>What decides the format, in order: the caller's <c>format</c> when it knows it (a file whose head was sniffed
/// once, a scrape whose Content-Type names a Prometheus dialect), else the unit's own first bytes
/// (<see cref="FormatSniffer.Detect"/>), else the transport's <c>fallback</c> (a scrape endpoint speaks Prometheus);
/// with none of them the unit is rejected as <see cref="UnknownFormat"/>.</para>
/// <para>A plain 0.0.4 file is the one input not read unit by unit: it may be far larger than a unit, so
/// <see cref="FileInput"/> streams it line by line through the router's own <see cref="Prometheus"/> parser (one
/// dialect decided from its head for the whole file, and the file-replay timestamp policies set on that parser).</para>
/// <para>Not thread-safe: one router per input (the parsers keep per-input caches).</para>
/// </remarks>
internal sealed class UnitRouter : IDisposable
{
    /// <summary>The reject of bytes that are none of the formats, for every input.</summary>
    internal static readonly ParseError UnknownFormat = new(RejectReason.UnknownShape,
        "unrecognised format: expected an Event Hubs JSON body, a JSON log line or Prometheus text");

    private readonly InputOptions _options;
    private readonly EventHubsBodyParser _bodies = new();
    private readonly StructuredLogParser _logs = new();
    private readonly PrometheusUnitParser _expositions;

    public UnitRouter(InputOptions options)
    {
        _options = options;
        _expositions = new PrometheusUnitParser(new PrometheusTextParser(options.GpuDeployments));
    }

    /// <summary>The format the first bytes of a unit or of a file say (<see cref="InputFormat.Unknown"/> when none).</summary>
    public static InputFormat Detect(ReadOnlySpan<byte> head) => FormatSniffer.Detect(head);

    /// <summary>
    /// The Prometheus parser behind every exposition this router reads: a file replay sets its timestamp policies here
    /// once, and streams a 0.0.4 file's lines through it.
    /// </summary>
    public PrometheusTextParser Prometheus => _expositions.Parser;

    /// <summary>Parses one unit into <paramref name="builder"/>'s current batch.</summary>
    /// <param name="builder">The batch builder of the input.</param>
    /// <param name="unit">The unit's bytes.</param>
    /// <param name="position">Where the unit is in its transport (line, scrape number, offset): dead letters carry it.</param>
    /// <param name="format">The format when the caller knows it; null: decided from the unit's bytes.</param>
    /// <param name="fallback">What a unit whose bytes name no format is read as (<see cref="InputFormat.Unknown"/>: rejected).</param>
    /// <param name="dialect">For Prometheus: the dialect when known (Content-Type), else Auto (decided from the bytes).</param>
    /// <param name="defaultTimeUnixMs">For Prometheus: the time of samples without a timestamp (scrape, message or file time).</param>
    public void Accept(BatchBuilder builder, ReadOnlySpan<byte> unit, long position, InputFormat? format = null,
        InputFormat fallback = InputFormat.Unknown, PrometheusDialect dialect = PrometheusDialect.Auto, long defaultTimeUnixMs = 0)
    {
        if (unit.Length > _options.MaxUnitBytes)
        {
            builder.RejectTooLarge(position, unit.Length, unit[..Math.Min(unit.Length, _options.ExcerptBytes)]);
            return;
        }

        var chosen = format ?? Detect(unit);
        switch (chosen == InputFormat.Unknown ? fallback : chosen)
        {
            case InputFormat.EventHubsJson:
                builder.Accept(unit, position, _bodies);
                break;
            case InputFormat.StructuredLog:
                builder.Accept(unit, position, _logs);
                break;
            case InputFormat.Prometheus:
                _expositions.Parser.Dialect = dialect;
                _expositions.DefaultTimeUnixMs = defaultTimeUnixMs;
                builder.Accept(unit, position, _expositions);
                break;
            default:
                builder.Current.Units++;
                builder.Reject(position, UnknownFormat, unit);
                break;
        }
    }

    public void Dispose()
    {
        _bodies.Dispose();
        _logs.Dispose();
    }
}
