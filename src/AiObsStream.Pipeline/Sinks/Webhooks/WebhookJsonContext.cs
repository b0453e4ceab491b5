using System.Text.Json.Serialization;

namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <summary>The source-generated serializer of <see cref="WebhookDeadLetter"/> (default options: names as declared).</summary>
[JsonSerializable(typeof(WebhookDeadLetter))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
