using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

/// <summary>Settings pointing at a <see cref="KafkaMockBroker"/>, or at no broker at all.</summary>
internal static class BrokerSettings
{
    /// <summary>Settings for the broker (generous delivery timeout: the machine is shared and loaded).</summary>
    /// <param name="broker">The mock broker.</param>
    /// <param name="alertsTopic">The alert topic (incidents; raw alerts too with <paramref name="rawAlerts"/>).</param>
    /// <param name="metricsTopic">The metrics topic.</param>
    /// <param name="rawAlerts">Publish raw alert state changes to the alert topic as well.</param>
    public static KafkaSettings Settings(this KafkaMockBroker broker, string? alertsTopic = null, string? metricsTopic = null, bool rawAlerts = false) => new()
    {
        BootstrapServers = broker.BootstrapServers,
        Topics = ["input"],
        GroupId = "tests",
        AlertsTopic = alertsTopic,
        PublishRawAlerts = rawAlerts,
        MetricsTopic = metricsTopic,
        DeliveryTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>
    /// Settings for a broker that is not there (loopback port 1 refuses), publishing raw alerts to <c>alerts</c> with a
    /// short delivery timeout, so that a flush fails within seconds.
    /// </summary>
    public static KafkaSettings Unreachable() => new()
    {
        BootstrapServers = "127.0.0.1:1",
        Topics = ["input"],
        AlertsTopic = "alerts",
        PublishRawAlerts = true,
        DeliveryTimeout = TimeSpan.FromSeconds(2),
    };
}
