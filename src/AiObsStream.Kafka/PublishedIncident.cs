using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Kafka.Internal;

namespace AiObsStream.Kafka;

/// <summary>One incident state change as read back from the alert topic (<see cref="AlertTopicReader.ReadIncidentsAsync"/>).</summary>
/// <param name="Id">The CloudEvent id, <c>INCIDENTID:status:TIMEGENERATEDMS</c>.</param>
/// <param name="IncidentId">The incident (the CloudEvent subject and the message key).</param>
/// <param name="Status">Open, Updated or Resolved (from the CloudEvent type).</param>
/// <param name="Cause">The cause's wire name, e.g. <c>capacity</c>.</param>
/// <param name="Partition">Partition it was read from.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="Data">The <c>data</c> object as JSON text (the incidents.jsonl line).</param>
public sealed record PublishedIncident(string Id, string IncidentId, IncidentStatus Status, string Cause, int Partition, long Offset, string Data)
{
    /// <summary>Reads an incident CloudEvent; false for raw alert events and anything else (never throws).</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, int partition, long offset, out PublishedIncident incident)
    {
        incident = null!;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!JsonDocument.TryParseValue(ref reader, out var doc))
            {
                return false;
            }

            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                var typeName = type.GetString()!;
                if (!typeName.StartsWith(CloudEventWriter.IncidentTypePrefix, StringComparison.Ordinal)
                    || !Enum.TryParse<IncidentStatus>(typeName.AsSpan(CloudEventWriter.IncidentTypePrefix.Length), ignoreCase: true, out var status))
                {
                    return false;
                }

                // The data key and this record's member share the name "Cause".
                var cause = data.TryGetProperty(nameof(Cause), out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
                incident = new PublishedIncident(id.GetString()!, subject.GetString()!, status, cause, partition, offset, data.GetRawText());
                return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
