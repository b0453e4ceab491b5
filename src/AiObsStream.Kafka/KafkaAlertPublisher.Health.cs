using System.Globalization;
using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Kafka;

/// <summary>Health for <c>/metrics</c> and <c>/readyz</c>, read from the interlocked delivery counters.</summary>
public sealed partial class KafkaAlertPublisher : ISinkHealth
{
    /// <inheritdoc />
    public string SinkName => "kafka";

    /// <inheritdoc />
    /// <remarks>
    /// A failed delivery is sticky (see the class remarks): the publisher stays unhealthy, because the next checkpoint's
    /// flush will fail and no offset past the lost message is committed until the process restarts and replays.
    /// Retries happen inside the producer (librdkafka) and are not visible here; faults are failed deliveries.
    /// </remarks>
    public SinkHealth Health
    {
        get
        {
            var s = Stats;
            var problem = s.Failed > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{s.Failed} of {s.Produced} messages not delivered (last error: {s.LastError}); offsets are not committed past them")
                : null;
            return new SinkHealth(s.Delivered, 0, s.Failed, 0, s.InFlight, problem, s.LastError);
        }
    }
}
