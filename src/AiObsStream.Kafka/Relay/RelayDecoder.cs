using System.Text.Json;
using AiObsStream.Formats.Output;
using AiObsStream.Kafka.Internal;

namespace AiObsStream.Kafka.Relay;

/// <summary>Reads an alert-topic message (docs/alert-topic.md: a structured CloudEvent); never throws on any bytes.</summary>
internal static class RelayDecoder
{
    /// <summary>Decodes <paramref name="value"/>: an incident change, a raw alert change, or bad with the reason.</summary>
    public static RelayMessage Decode(byte[]? value)
    {
        if (value is not { Length: > 0 })
        {
            return Bad(RelayRejectReason.Empty, "empty message (null or zero-length value)");
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Bad(RelayRejectReason.NotCloudEvent, "not a CloudEvent: the value is not a JSON object");
            }

            if (!Text(root, "id", out var id) || !Text(root, "type", out var type))
            {
                return Bad(RelayRejectReason.NotCloudEvent, "not a CloudEvent: id or type missing");
            }

            if (type.StartsWith(CloudEventWriter.TypePrefix, StringComparison.Ordinal))
            {
                return new RelayMessage(RelayMessageKind.RawAlert, id, null, null);
            }

            if (!type.StartsWith(CloudEventWriter.IncidentTypePrefix, StringComparison.Ordinal))
            {
                return Bad(RelayRejectReason.NotIncident, $"not an incident CloudEvent (type '{type}')");
            }

            if (!root.TryGetProperty("data", out var data))
            {
                return Bad(RelayRejectReason.BadIncident, "incident CloudEvent without data");
            }

            return IncidentJsonReader.TryRead(data, out var incident, out var error)
                ? new RelayMessage(RelayMessageKind.Incident, id, incident, null)
                : Bad(RelayRejectReason.BadIncident, error);
        }
        catch (JsonException ex)
        {
            return Bad(RelayRejectReason.NotJson, "not JSON: " + ex.Message);
        }
    }

    private static RelayMessage Bad(RelayRejectReason rejection, string reason) => new(RelayMessageKind.Bad, null, null, reason, rejection);

    private static bool Text(JsonElement root, string name, out string text)
    {
        text = string.Empty;
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s)
        {
            text = s;
            return true;
        }

        return false;
    }
}
