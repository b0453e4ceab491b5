using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;

namespace AiObsStream.Kafka.Internal;

/// <summary>
/// Writes incident and alert state changes as CloudEvents 1.0 structured JSON (https://github.com/cloudevents/spec, JSON format) and reads
/// the <c>id</c> back. Every attribute comes from the event (event time, not wall clock), so a replay writes identical bytes.
/// </summary>
/// <remarks>Not thread-safe: one instance per producer, used by the single output stage.</remarks>
internal sealed class CloudEventWriter : IDisposable
{
    /// <summary>Media type of a structured-mode CloudEvent (the Kafka <c>content-type</c> header).</summary>
    public const string StructuredContentType = "application/cloudevents+json; charset=UTF-8";

    /// <summary>Prefix of the <c>type</c> attribute of a raw alert change; the lower-case status follows.</summary>
    public const string TypePrefix = "com.aiobsstream.alert.";

    /// <summary>Prefix of the <c>type</c> attribute of an incident change; <c>open</c>, <c>updated</c> or <c>resolved</c> follows.</summary>
    public const string IncidentTypePrefix = "com.aiobsstream.incident.";

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

    /// <summary>
    /// The deterministic CloudEvent id of an incident change: <c>INCIDENTID:status:TIMEGENERATEDMS</c> (the correlator
    /// emits at most one change per incident per event time, so the id is unique and equal on every replay).
    /// </summary>
    public static string IdOf(IncidentEvent incident) =>
        string.Create(CultureInfo.InvariantCulture, $"{incident.IncidentId}:{StatusName(incident.Status)}:{incident.TimeGeneratedMs}");

    /// <summary>Lower-case incident status used in <c>id</c> and <c>type</c>.</summary>
    public static string StatusName(IncidentStatus status) => status switch
    {
        IncidentStatus.Open => "open",
        IncidentStatus.Updated => "updated",
        IncidentStatus.Resolved => "resolved",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Serializes one alert as a CloudEvent; the returned array is the caller's.</summary>
    public byte[] Write(AlertEvent alert) =>
        Write(IdOf(alert), TypePrefix + StatusName(alert.Status), alert.AlertId, alert.TimeGeneratedMs, w => AlertJson.Write(w, alert));

    /// <summary>Serializes one incident change as a CloudEvent (data = the incidents.jsonl line); the array is the caller's.</summary>
    public byte[] Write(IncidentEvent incident) =>
        Write(IdOf(incident), IncidentTypePrefix + StatusName(incident.Status), incident.IncidentId, incident.TimeGeneratedMs,
            w => IncidentJson.Write(w, incident));

    private byte[] Write(string id, string type, string subject, long timeMs, Action<Utf8JsonWriter> data)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString("specversion", "1.0");
        _writer.WriteString("id", id);
        _writer.WriteString("source", _source);
        _writer.WriteString("type", type);
        _writer.WriteString("subject", subject);
        _writer.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        _writer.WriteString("datacontenttype", "application/json");
        _writer.WriteString("partitionkey", subject);
        _writer.WritePropertyName("data");
        data(_writer);
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
