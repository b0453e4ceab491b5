namespace AiObsStream.Kafka.Relay;

/// <summary>One line of <c>relay-deadletter.jsonl</c>: where the message was, why it was rejected, and its value.</summary>
/// <remarks>
/// Serialized through <see cref="RelayJsonContext"/> (source-generated, so a Native AOT build needs no reflection);
/// the names and their order are the file's format, written before as an anonymous type with default options.
/// </remarks>
internal sealed record RelayDeadLetter(string Topic, int Partition, long Offset, string Reason, string Value);
