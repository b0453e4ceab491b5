namespace AiObsStream.Kafka;

/// <summary>Counters of a <see cref="KafkaAlertPublisher"/> (a snapshot).</summary>
/// <param name="Produced">Messages handed to the producer (incidents, alerts and metric rows).</param>
/// <param name="Delivered">Messages acknowledged by the broker.</param>
/// <param name="Failed">Messages whose delivery failed (not retried further; the publisher stays failed).</param>
/// <param name="AlertsProduced">Alert CloudEvents handed to the producer.</param>
/// <param name="RowsProduced">Metric rows handed to the producer.</param>
/// <param name="LastError">The last delivery or client error, or null.</param>
public readonly record struct KafkaPublisherStats(
    long Produced,
    long Delivered,
    long Failed,
    long AlertsProduced,
    long RowsProduced,
    string? LastError)
{
    /// <summary>Incident CloudEvents handed to the producer.</summary>
    public long IncidentsProduced { get; init; }

    /// <summary>Messages neither acknowledged nor failed yet.</summary>
    public long InFlight => Produced - Delivered - Failed;
}
