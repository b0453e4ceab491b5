using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Rules;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

[Trait("Category", "Integration")]
public class KafkaAlertPublisherTests
{
    [Fact]
    public async Task WriteAlerts_Flush_OneCloudEventPerChangeKeyedByAlertId()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 3));
        var alerts = TestRows.Alerts(5);
        var resolved = alerts[0] with { Status = AlertStatus.Resolved, TimeGeneratedMs = alerts[0].TimeGeneratedMs + 300_000, EndsAtMs = alerts[0].TimeGeneratedMs + 240_000 };
        alerts.Add(resolved);
        var publisher = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", rawAlerts: true));
        await using (publisher)
        {
            publisher.WriteAlerts(alerts);
            await publisher.FlushAsync(CancellationToken.None);

            var stats = publisher.Stats;
            Assert.Equal(6, stats.Produced);
            Assert.Equal(6, stats.Delivered);
            Assert.Equal(0, stats.Failed);
            Assert.Equal(0, stats.InFlight);
            Assert.Equal(6, stats.AlertsProduced);
        }

        var read = await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts");

        Assert.Equal(6, read.Count);
        foreach (var m in read)
        {
            using var doc = JsonDocument.Parse(m.Value);
            var e = doc.RootElement;
            var data = e.GetProperty("data");
            var alertId = data.GetProperty("AlertId").GetString()!;
            var status = data.GetProperty("Status").GetString()!.ToLowerInvariant();
            var time = data.GetProperty("TimeGenerated").GetString()!;
            var ms = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            Assert.Equal(alertId, m.KeyText);
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            Assert.Equal($"{alertId}:{status}:{ms.ToString(CultureInfo.InvariantCulture)}", e.GetProperty("id").GetString());
            Assert.Equal("/aiobs/tests", e.GetProperty("source").GetString());
            Assert.Equal("com.aiobsstream.alert." + status, e.GetProperty("type").GetString());
            Assert.Equal(alertId, e.GetProperty("subject").GetString());
            Assert.Equal(time, e.GetProperty("time").GetString());
            Assert.Equal("application/json", e.GetProperty("datacontenttype").GetString());
        }

        var alert0 = read.Where(m => m.KeyText == "alert-0").ToList();
        Assert.Equal(2, alert0.Count);
        Assert.Single(alert0.Select(m => m.Partition).Distinct());
        Assert.Contains("\"type\":\"com.aiobsstream.alert.firing\"", alert0[0].ValueText, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"com.aiobsstream.alert.resolved\"", alert0[1].ValueText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteRows_WithMetricsTopic_OneMessagePerRowKeyedByRowId()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1), ("metrics", 2));
        var rows = TestRows.Metrics(20);
        var publisher = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", metricsTopic: "metrics", rawAlerts: true));
        await using (publisher)
        {
            publisher.WriteRows(rows);
            await publisher.FlushAsync(CancellationToken.None);
            Assert.Equal(20, publisher.Stats.Delivered);
            Assert.Equal(20, publisher.Stats.RowsProduced);
        }

        var read = await TopicClient.ReadAllAsync(broker.BootstrapServers, "metrics");

        Assert.Equal(TestRows.Ids(rows), read.Select(m => m.KeyText!).ToHashSet());
        Assert.All(read, m => Assert.Equal(m.KeyText, JsonDocument.Parse(m.Value).RootElement.GetProperty("RowId").GetString()));
        Assert.Empty(await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts"));
    }

    [Fact]
    public async Task RestoreAsync_AfterCrash_SkipsStateChangesAlreadyOnTheTopic()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var alerts = TestRows.Alerts(6);
        byte[] checkpoint;
        await using (var first = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", rawAlerts: true)))
        {
            first.WriteAlerts(alerts[..2]);
            checkpoint = await first.CheckpointAsync(CancellationToken.None);
            first.WriteAlerts(alerts[2..4]); // published after the checkpoint, then the process "crashes"
            await first.FlushAsync(CancellationToken.None);
        }

        await using (var second = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", rawAlerts: true)))
        {
            await second.RestoreAsync(checkpoint, CancellationToken.None);
            second.WriteAlerts(alerts[2..]); // replay from the checkpoint produces 2..5 again
            await second.FlushAsync(CancellationToken.None);
            Assert.Equal(2, second.Skipped);
            Assert.Equal(2, second.Stats.Delivered);
        }

        var ids = (await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts"))
            .Select(m => System.Text.Json.JsonDocument.Parse(m.Value).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
    }

    [Fact]
    public async Task HoldUntilCheckpoint_CrashAfterCheckpoint_TopicCarriesTheCheckpointedAndReplayedChangesOnly()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var alerts = TestRows.Alerts(6);
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        byte[] checkpoint;
        await using (var first = new KafkaAlertPublisher(settings) { HoldUntilCheckpoint = true })
        {
            first.WriteAlerts(alerts[..2]);
            _ = await first.CheckpointAsync(CancellationToken.None);
            await first.CheckpointSavedAsync(CancellationToken.None); // 0 and 1 go out once their checkpoint is saved
            first.WriteAlerts(alerts[2..3]);
            checkpoint = await first.CheckpointAsync(CancellationToken.None); // saved, then the process "crashes"...
            first.WriteAlerts(alerts[3..4]); // ...holding 2 (covered) and 3, computed after the checkpoint
            Assert.Equal(2, first.Held);
        }

        await using (var second = new KafkaAlertPublisher(settings) { HoldUntilCheckpoint = true })
        {
            await second.RestoreAsync(checkpoint, CancellationToken.None); // produces 2: the topic does not carry it
            second.WriteAlerts(alerts[4..]); // the replay computes 4 and 5 where the crashed run had computed 3
            await second.FlushAsync(CancellationToken.None);
            Assert.Equal(0, second.Skipped);
            Assert.Equal(3, second.Stats.Delivered);
        }

        var ids = (await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts"))
            .Select(m => JsonDocument.Parse(m.Value).RootElement.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        var expected = new[] { alerts[0], alerts[1], alerts[2], alerts[4], alerts[5] }
            .Select(AiObsStream.Kafka.Internal.CloudEventWriter.IdOf).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task HoldUntilCheckpoint_RestoreAfterTheHeldChangesWentOut_SkipsThem()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var alerts = TestRows.Alerts(3);
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        byte[] checkpoint;
        await using (var first = new KafkaAlertPublisher(settings) { HoldUntilCheckpoint = true })
        {
            first.WriteAlerts(alerts);
            checkpoint = await first.CheckpointAsync(CancellationToken.None);
            await first.CheckpointSavedAsync(CancellationToken.None);
            await first.FlushAsync(CancellationToken.None); // delivered, then the process "crashes"
        }

        await using (var second = new KafkaAlertPublisher(settings) { HoldUntilCheckpoint = true })
        {
            await second.RestoreAsync(checkpoint, CancellationToken.None);
            await second.FlushAsync(CancellationToken.None);
            Assert.Equal(3, second.Skipped);
            Assert.Equal(0, second.Stats.Produced);
        }

        Assert.Equal(3, (await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts")).Count);
    }

    [Fact]
    public async Task WriteRows_WithoutMetricsTopic_ProducesNothing()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        await using var publisher = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", rawAlerts: true));

        publisher.WriteRows(TestRows.Metrics(3));
        await publisher.FlushAsync(CancellationToken.None);

        Assert.Equal(0, publisher.Stats.Produced);
    }

    [Fact]
    public async Task FlushAsync_BrokerUnreachable_ThrowsAndStaysFailed()
    {
        await using var publisher = new KafkaAlertPublisher(BrokerSettings.Unreachable());
        publisher.WriteAlerts(TestRows.Alerts(2));

        var first = await Assert.ThrowsAsync<KafkaDeliveryException>(() => publisher.FlushAsync(CancellationToken.None));
        var second = await Assert.ThrowsAsync<KafkaDeliveryException>(() => publisher.FlushAsync(CancellationToken.None));

        Assert.Contains("2 of 2", first.Message, StringComparison.Ordinal);
        Assert.Contains("2 of 2", second.Message, StringComparison.Ordinal);
        Assert.Equal(2, publisher.Stats.Failed);
        Assert.Equal(0, publisher.Stats.Delivered);
        Assert.NotNull(publisher.Stats.LastError);
    }

    [Fact]
    public void Constructor_NoTopic_NamesTheSettings()
    {
        var settings = new KafkaSettings { BootstrapServers = "127.0.0.1:9092", Topics = ["input"] };

        var ex = Assert.Throws<KafkaConfigException>(() => new KafkaAlertPublisher(settings));

        Assert.Contains("AlertsTopic", ex.Message, StringComparison.Ordinal);
    }
}
