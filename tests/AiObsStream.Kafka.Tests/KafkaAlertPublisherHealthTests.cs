using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

/// <summary>The alert-topic publisher reports its deliveries and its sticky failure as sink health (/metrics, /readyz).</summary>
[Trait("Category", "Integration")]
public class KafkaAlertPublisherHealthTests
{
    [Fact]
    public async Task Health_Delivered_IsHealthyWithCounts()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        await using var publisher = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", rawAlerts: true));
        publisher.WriteAlerts(TestRows.Alerts(3));
        await publisher.FlushAsync(CancellationToken.None);

        var health = publisher.Health;
        Assert.True(health.Healthy);
        Assert.Equal((3L, 0L, 0L), (health.Delivered, health.Faults, health.QueueDepth));
        Assert.Equal("kafka", publisher.SinkName);
    }

    [Fact]
    public async Task Health_BrokerUnreachable_UnhealthyWithTheReason()
    {
        await using var publisher = new KafkaAlertPublisher(BrokerSettings.Unreachable());
        publisher.WriteAlerts(TestRows.Alerts(2));
        await Assert.ThrowsAsync<KafkaDeliveryException>(() => publisher.FlushAsync(CancellationToken.None));

        var health = publisher.Health;
        Assert.False(health.Healthy);
        Assert.StartsWith("2 of 2 messages not delivered", health.Problem, StringComparison.Ordinal);
        Assert.Equal(2, health.Faults);
    }
}
