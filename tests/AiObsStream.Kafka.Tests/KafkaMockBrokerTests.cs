using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

[Trait("Category", "Integration")]
public class KafkaMockBrokerTests
{
    [Fact]
    public async Task StartAsync_ProduceThenRead_MessagesRoundTripWithKeysAndPartitions()
    {
        using var broker = await KafkaMockBroker.StartAsync(("raw", 3));
        var messages = new[]
        {
            TopicMessage.Of("{\"a\":1}", key: "k1", partition: 0),
            TopicMessage.Of("{\"a\":2}", key: "k2", partition: 2),
            TopicMessage.Of("{\"a\":3}", partition: 2),
        };

        var positions = await TopicClient.ProduceAsync(broker.BootstrapServers, "raw", messages);
        var read = await TopicClient.ReadAllAsync(broker.BootstrapServers, "raw");

        Assert.Equal([0, 2, 2], positions.Select(p => p.Partition.Value));
        Assert.Equal(["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"], read.Select(m => m.ValueText));
        Assert.Equal(["k1", "k2", null], read.Select(m => m.KeyText));
        Assert.Equal([0, 2, 2], read.Select(m => m.Partition!.Value));
        Assert.Equal([0L, 0L, 1L], read.Select(m => m.Offset));
    }

    [Fact]
    public async Task Dispose_ThenConnect_BrokerIsGone()
    {
        var broker = await KafkaMockBroker.StartAsync(("raw", 1));
        var settings = broker.Settings() with { DeliveryTimeout = TimeSpan.FromSeconds(2) };
        broker.Dispose();

        Assert.ThrowsAny<Exception>(() => AlertTopicReader.QueryEndOffsets(settings, "raw"));
    }
}
