namespace AiObsStream.Kafka.Relay;

/// <summary>Why the relay set an alert-topic message aside (the <c>aiobs.reason</c> label of <c>aiobs.relay.dead_lettered</c>).</summary>
public enum RelayRejectReason
{
    /// <summary>Null or zero-length value.</summary>
    Empty,

    /// <summary>The value is not JSON.</summary>
    NotJson,

    /// <summary>JSON, but not a CloudEvent (not an object, or no id or type).</summary>
    NotCloudEvent,

    /// <summary>A CloudEvent of another type than an incident or a raw alert.</summary>
    NotIncident,

    /// <summary>An incident CloudEvent whose data is missing or does not read as an incident.</summary>
    BadIncident,
}
