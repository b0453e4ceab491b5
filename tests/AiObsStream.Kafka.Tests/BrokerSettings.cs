using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

/// <summary>Settings pointing at a <see cref="KafkaMockBroker"/>.</summary>
internal static class BrokerSettings
{
    /// <summary>Settings for the broker (generous delivery timeout: the machine is shared and loaded).</summary>
    public static KafkaSettings Settings(this KafkaMockBroker broker, string? alertsTopic = null, string? metricsTopic = null) => new()
    {
        BootstrapServers = broker.BootstrapServers,
        Topics = ["input"],
        GroupId = "tests",
        AlertsTopic = alertsTopic,
        MetricsTopic = metricsTopic,
        DeliveryTimeout = TimeSpan.FromSeconds(60),
    };
}
