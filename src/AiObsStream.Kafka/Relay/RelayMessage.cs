using AiObsStream.Core.Incidents;

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

/// <summary>One decoded alert-topic message.</summary>
/// <param name="Kind">Incident, raw alert or bad.</param>
/// <param name="Id">The CloudEvent id (incidents and raw alerts).</param>
/// <param name="Incident">The incident state change (incidents only).</param>
/// <param name="Reason">Why it is bad (bad only).</param>
internal readonly record struct RelayMessage(RelayMessageKind Kind, string? Id, IncidentEvent? Incident, string? Reason);
