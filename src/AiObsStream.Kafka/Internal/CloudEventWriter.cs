using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;

namespace AiObsStream.Kafka.Internal;

/// <summary>
/// Writes alert state changes as CloudEvents 1.0 structured JSON (https://github.com/cloudevents/spec, JSON format) and reads
/// the <c>id</c> back. Every attribute comes from the event (event time, not wall clock), so a replay writes identical bytes.
/// </summary>
/// <remarks>Not thread-safe: one instance per producer, used by the single output stage.</remarks>
internal sealed class CloudEventWriter : IDisposable
{
    /// <summary>Media type of a structured-mode CloudEvent (the Kafka <c>content-type</c> header).</summary>
    public const string StructuredContentType = "application/cloudevents+json; charset=UTF-8";

    /// <summary>Prefix of the <c>type</c> attribute; the lower-case status follows.</summary>
    public const string TypePrefix = "com.aiobsstream.alert.";

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;
    private readonly string _source;

    /// <summary>Creates a writer for events with the given <c>source</c> attribute.</summary>
    public CloudEventWriter(string source)
    {
        _source = source;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = false });
    }

    /// <summary>The deterministic CloudEvent id of a state change: <c>ALERTID:status:TIMEGENERATEDMS</c>.</summary>
    public static string IdOf(AlertEvent alert) =>
        string.Create(CultureInfo.InvariantCulture, $"{alert.AlertId}:{StatusName(alert.Status)}:{alert.TimeGeneratedMs}");

    /// <summary>Lower-case status used in <c>id</c> and <c>type</c>.</summary>
    public static string StatusName(AlertStatus status) => status switch
    {
        AlertStatus.Firing => "firing",
        AlertStatus.Resolved => "resolved",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Serializes one alert as a CloudEvent; the returned array is the caller's.</summary>
    public byte[] Write(AlertEvent alert)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString("specversion", "1.0");
        _writer.WriteString("id", IdOf(alert));
        _writer.WriteString("source", _source);
        _writer.WriteString("type", TypePrefix + StatusName(alert.Status));
        _writer.WriteString("subject", alert.AlertId);
        _writer.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(alert.TimeGeneratedMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        _writer.WriteString("datacontenttype", "application/json");
        _writer.WriteString("partitionkey", alert.AlertId);
        _writer.WritePropertyName("data");
        AlertJson.Write(_writer, alert);
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Disposes the JSON writer.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>Reads the top-level <c>id</c> of a structured CloudEvent; false for anything else (never throws).</summary>
    public static bool TryReadId(ReadOnlySpan<byte> json, out string? id)
    {
        id = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                    return id is not null;
                }

                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
