using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

[Trait("Category", "Integration")]
public class AlertTopicReaderTests
{
    private static async Task<HashSet<string>> PublishAsync(KafkaSettings settings, IEnumerable<Core.Rules.AlertEvent> alerts)
    {
        await using var publisher = new KafkaAlertPublisher(settings);
        var list = alerts.ToList();
        publisher.WriteAlerts(list);
        await publisher.FlushAsync(CancellationToken.None);
        return list.Select(AiObsStream.Kafka.Internal.CloudEventWriter.IdOf).ToHashSet();
    }

    [Fact]
    public async Task ReadPublishedIdsAsync_FromEndOffsets_ReturnsExactlyTheLaterIds()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 3));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        var all = TestRows.Alerts(30);
        var before = await PublishAsync(settings, all.Take(12));
        var ends = AlertTopicReader.QueryEndOffsets(settings, "alerts");
        var after = await PublishAsync(settings, all.Skip(12));

        var fromEnds = await AlertTopicReader.ReadPublishedIdsAsync(settings, "alerts", ends, CancellationToken.None);
        var everything = await AlertTopicReader.ReadPublishedIdsAsync(settings, "alerts", null, CancellationToken.None);

        Assert.Equal(3, ends.Count);
        Assert.Equal(12, ends.Values.Sum());
        Assert.Equal(after, fromEnds);
        Assert.Equal(before.Union(after).ToHashSet(), everything);
    }

    [Fact]
    public async Task ReadPublishedIdsAsync_PartitionMissingFromOffsets_ReadsItFromTheBeginning()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        await PublishAsync(settings, TestRows.Alerts(10));
        var ends = AlertTopicReader.QueryEndOffsets(settings, "alerts");
        var onTopic = await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts");
        var expected = onTopic.Where(m => m.Partition == 1).Select(m => m.KeyText!).ToHashSet();

        var ids = await AlertTopicReader.ReadPublishedIdsAsync(
            settings, "alerts", new Dictionary<int, long> { [0] = ends[0] }, CancellationToken.None);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ids.Select(id => id[..id.IndexOf(':', StringComparison.Ordinal)]).ToHashSet());
    }

    [Fact]
    public async Task ReadPublishedIdsAsync_ForeignMessages_AreSkipped()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        await TopicClient.ProduceAsync(broker.BootstrapServers, "alerts", [TopicMessage.Of("not json"), TopicMessage.Of("{\"no\":\"id\"}")]);
        var published = await PublishAsync(settings, TestRows.Alerts(3));
        await TopicClient.ProduceAsync(broker.BootstrapServers, "alerts", [TopicMessage.Of("[1,2]")]);

        var ids = await AlertTopicReader.ReadPublishedIdsAsync(settings, "alerts", null, CancellationToken.None);

        Assert.Equal(published, ids);
    }

    [Fact]
    public async Task ReadPublishedIdListAsync_RepublishedChanges_ReturnsEveryOccurrence()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        var alerts = TestRows.Alerts(6);
        await PublishAsync(settings, alerts);
        await PublishAsync(settings, alerts.Take(2));

        var list = await AlertTopicReader.ReadPublishedIdListAsync(settings, "alerts", null, CancellationToken.None);

        Assert.Equal(8, list.Count);
        Assert.Equal(
            alerts.Take(2).Select(AiObsStream.Kafka.Internal.CloudEventWriter.IdOf).Order(StringComparer.Ordinal),
            list.GroupBy(id => id).Where(g => g.Count() == 2).Select(g => g.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadPublishedIdsAsync_EmptyTopic_ReturnsEmpty()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);

        var ids = await AlertTopicReader.ReadPublishedIdsAsync(settings, "alerts", null, CancellationToken.None);

        Assert.Empty(ids);
        Assert.Equal(new Dictionary<int, long> { [0] = 0, [1] = 0 }, AlertTopicReader.QueryEndOffsets(settings, "alerts"));
    }

    [Fact]
    public async Task QueryEndOffsets_MissingTopic_EmptyAndNotCreated()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);

        var ends = AlertTopicReader.QueryEndOffsets(settings, "missing");
        var ids = await AlertTopicReader.ReadPublishedIdsAsync(settings, "missing", null, CancellationToken.None);

        Assert.Empty(ends);
        Assert.Empty(ids);
        Assert.Empty(AlertTopicReader.QueryEndOffsets(settings, "missing"));
    }

    [Fact]
    public async Task ReadPublishedIdsAsync_Cancelled_Throws()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => AlertTopicReader.ReadPublishedIdsAsync(settings, "alerts", null, cts.Token));
    }
}
