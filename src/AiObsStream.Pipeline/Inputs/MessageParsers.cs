using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>
/// Parses one Kafka message like one unit of a file: an Event Hubs diagnostic body (<c>{"records":[...]}</c>), one
/// structured log line, or one Prometheus / dcgm-exporter scrape (samples without timestamps take the message time).
/// The format is detected per message, so one topic may carry several kinds.
/// </summary>
internal sealed class MessageParsers : IDisposable
{
    private readonly EventHubsBodyParser _bodies = new();
    private readonly StructuredLogParser _logs = new();
    private readonly PrometheusUnitParser _scrapes;

    private readonly int _maxBytes;

    public MessageParsers(InputOptions options)
    {
        _maxBytes = options.MaxUnitBytes;
        _scrapes = new PrometheusUnitParser(new PrometheusTextParser(options.GpuDeployments));
    }

    /// <summary>Parses <paramref name="value"/> into <paramref name="builder"/>'s current batch.</summary>
    public void Accept(BatchBuilder builder, ReadOnlySpan<byte> value, long offset, long timestampMs)
    {
        if (value.IsEmpty)
        {
            builder.Current.Units++;
            builder.Reject(offset, new ParseError(RejectReason.Malformed, "empty message (null or zero-length value)"), value);
            return;
        }

        if (value.Length > _maxBytes)
        {
            builder.RejectTooLarge(offset, value.Length, value[..Math.Min(value.Length, 4096)]);
            return;
        }

        switch (FormatSniffer.Detect(value))
        {
            case InputFormat.EventHubsJson:
                builder.Accept(value, offset, _bodies);
                break;
            case InputFormat.StructuredLog:
                builder.Accept(value, offset, _logs);
                break;
            case InputFormat.Prometheus:
                _scrapes.DefaultTimeUnixMs = timestampMs;
                builder.Accept(value, offset, _scrapes);
                break;
            default:
                builder.Current.Units++;
                builder.Reject(offset, new ParseError(RejectReason.UnknownShape,
                    "unrecognised message: expected an Event Hubs JSON body, a JSON log line or Prometheus text"), value);
                break;
        }
    }

    public void Dispose()
    {
        _bodies.Dispose();
        _logs.Dispose();
    }
}
