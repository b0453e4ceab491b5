using System.Text.Json.Serialization;

namespace AiObsStream.Kafka.Relay;

/// <summary>The source-generated serializer of <see cref="RelayDeadLetter"/> (default options: names as declared).</summary>
[JsonSerializable(typeof(RelayDeadLetter))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;
