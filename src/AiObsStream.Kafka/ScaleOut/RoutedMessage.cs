namespace AiObsStream.Kafka.ScaleOut;

/// <summary>One message stage 1 produces to the repartition topic.</summary>
/// <param name="Partition">The repartition partition (chosen here, not by the client's partitioner: librdkafka and Java
/// clients hash keys differently, and every pod must agree).</param>
/// <param name="Value">The envelope (<see cref="EnvelopeCodec"/>).</param>
/// <param name="Source">The source partition, <c>topic/partition</c>.</param>
/// <param name="Offset">The source offset it derives from (for a punctuation: the last one read).</param>
/// <param name="EventTime">The source partition's largest event time so far (Unix ms; long.MinValue before any).</param>
internal readonly record struct RoutedMessage(int Partition, byte[] Value, string Source, long Offset, long EventTime);
