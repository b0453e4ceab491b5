using AiObsStream.Core.Incidents;

namespace AiObsStream.Kafka.Relay;

/// <summary>One decoded alert-topic message.</summary>
/// <param name="Kind">Incident, raw alert or bad.</param>
/// <param name="Id">The CloudEvent id (incidents and raw alerts).</param>
/// <param name="Incident">The incident state change (incidents only).</param>
/// <param name="Reason">Why it is bad (bad only).</param>
/// <param name="Rejection">The class of <paramref name="Reason"/> (bad only).</param>
internal readonly record struct RelayMessage(RelayMessageKind Kind, string? Id, IncidentEvent? Incident, string? Reason, RelayRejectReason Rejection = default);
