namespace AiObsStream.Kafka.Relay;

/// <summary>What one alert-topic message is to the relay.</summary>
internal enum RelayMessageKind
{
    /// <summary>An incident state change: sent to the sinks.</summary>
    Incident,

    /// <summary>A raw alert change (<c>--publish-raw-alerts</c>): not relayed, counted.</summary>
    RawAlert,

    /// <summary>Anything unreadable: dead-lettered with <see cref="RelayMessage.Reason"/>.</summary>
    Bad,
}
