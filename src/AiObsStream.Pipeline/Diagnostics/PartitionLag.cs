namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>How far a consumer is behind the end of one Kafka / Event Hubs partition, for <c>messaging.kafka.consumer.lag</c>.</summary>
/// <param name="Topic">The topic (event hub).</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Lag">Messages behind the partition's end; negative when not known yet (no fetch answered).</param>
public readonly record struct PartitionLag(string Topic, int Partition, long Lag);
