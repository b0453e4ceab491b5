using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Kafka.Internal;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

[Trait("Category", "Integration")]
public class KafkaIncidentPublishingTests
{
    private static List<IncidentEvent> TwoIncidents() =>
    [
        TestIncidents.Capacity(IncidentStatus.Open, "aaaaaaaaaaaaaaaa"),
        TestIncidents.Capacity(IncidentStatus.Open, "bbbbbbbbbbbbbbbb") with { Cause = IncidentCause.GpuMemory },
        TestIncidents.Capacity(IncidentStatus.Updated, "aaaaaaaaaaaaaaaa"),
        TestIncidents.Capacity(IncidentStatus.Resolved, "aaaaaaaaaaaaaaaa"),
        TestIncidents.Capacity(IncidentStatus.Resolved, "bbbbbbbbbbbbbbbb") with { Cause = IncidentCause.GpuMemory },
    ];

    [Fact]
    public async Task WriteIncidents_OneCloudEventPerChange_KeyedByIncidentId_OrderedInOnePartition()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 3));
        var settings = broker.Settings(alertsTopic: "alerts");
        await using (var publisher = new KafkaAlertPublisher(settings))
        {
            publisher.WriteIncidents(TwoIncidents());
            await publisher.FlushAsync(CancellationToken.None);
            Assert.Equal((5L, 5L, 0L), (publisher.Stats.Delivered, publisher.Stats.IncidentsProduced, publisher.Stats.AlertsProduced));
        }

        var read = await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts");
        Assert.Equal(5, read.Count);
        foreach (var m in read)
        {
            var e = JsonDocument.Parse(m.Value).RootElement;
            var data = e.GetProperty("data");
            Assert.Equal(m.KeyText, data.GetProperty("IncidentId").GetString());
            Assert.Equal(m.KeyText, e.GetProperty("subject").GetString());
            Assert.Equal(m.KeyText, e.GetProperty("partitionkey").GetString());
            Assert.Equal("com.aiobsstream.incident." + data.GetProperty("Status").GetString()!.ToLowerInvariant(), e.GetProperty("type").GetString());
            Assert.Equal(data.GetProperty("TimeGenerated").GetString(), e.GetProperty("time").GetString());
        }

        var a = await AlertTopicReader.ReadIncidentsAsync(settings, "alerts", null, CancellationToken.None);
        var changesOfA = a.Where(i => i.IncidentId == "aaaaaaaaaaaaaaaa").ToList();
        Assert.Single(changesOfA.Select(i => i.Partition).Distinct());
        Assert.Equal([IncidentStatus.Open, IncidentStatus.Updated, IncidentStatus.Resolved], changesOfA.Select(i => i.Status));
        Assert.Equal(["capacity", "gpu-memory"], a.Select(i => i.Cause).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(TwoIncidents().Select(CloudEventWriter.IdOf).Order(StringComparer.Ordinal), a.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RawAlerts_StayOffTheTopicUnlessAsked()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        await using (var incidentsOnly = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts")))
        {
            incidentsOnly.WriteAlerts(TestRows.Alerts(3));
            incidentsOnly.WriteIncidents([TestIncidents.Capacity()]);
            await incidentsOnly.FlushAsync(CancellationToken.None);
            Assert.Equal((1L, 0L), (incidentsOnly.Stats.Produced, incidentsOnly.Stats.AlertsProduced));
        }

        await using (var both = new KafkaAlertPublisher(broker.Settings(alertsTopic: "alerts", rawAlerts: true)))
        {
            both.WriteAlerts(TestRows.Alerts(2));
            both.WriteIncidents([TestIncidents.Capacity(IncidentStatus.Resolved)]);
            await both.FlushAsync(CancellationToken.None);
            Assert.Equal((3L, 2L, 1L), (both.Stats.Produced, both.Stats.AlertsProduced, both.Stats.IncidentsProduced));
        }

        var types = (await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts"))
            .Select(m => JsonDocument.Parse(m.Value).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(2, types.Count(t => t == "com.aiobsstream.alert.firing"));
        Assert.Equal(["com.aiobsstream.incident.open", "com.aiobsstream.incident.resolved"], types.Where(t => t!.Contains("incident", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RestoreAsync_AfterCrash_SkipsIncidentChangesAlreadyOnTheTopic()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var settings = broker.Settings(alertsTopic: "alerts");
        var changes = TwoIncidents();
        byte[] checkpoint;
        await using (var first = new KafkaAlertPublisher(settings))
        {
            first.WriteIncidents(changes[..2]);
            checkpoint = await first.CheckpointAsync(CancellationToken.None);
            first.WriteIncidents(changes[2..4]); // published after the checkpoint, then the process "crashes"
            await first.FlushAsync(CancellationToken.None);
        }

        await using (var second = new KafkaAlertPublisher(settings))
        {
            await second.RestoreAsync(checkpoint, CancellationToken.None);
            second.WriteIncidents(changes[2..]); // replay from the checkpoint produces 2..4 again
            await second.FlushAsync(CancellationToken.None);
            Assert.Equal((2L, 1L), (second.Skipped, second.Stats.Delivered));
        }

        var ids = await AlertTopicReader.ReadPublishedIdListAsync(settings, "alerts", null, CancellationToken.None);
        Assert.Equal(5, ids.Count);
        Assert.Equal(changes.Select(CloudEventWriter.IdOf).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadIncidentsAsync_SkipsRawAlertsAndForeignMessages()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        var settings = broker.Settings(alertsTopic: "alerts", rawAlerts: true);
        await TopicClient.ProduceAsync(broker.BootstrapServers, "alerts",
            [TopicMessage.Of("not json"), TopicMessage.Of("{\"id\":\"x\",\"type\":\"com.aiobsstream.incident.open\"}"), TopicMessage.Of("[1]")]);
        await using (var publisher = new KafkaAlertPublisher(settings))
        {
            publisher.WriteAlerts(TestRows.Alerts(2));
            publisher.WriteIncidents([TestIncidents.Capacity()]);
            await publisher.FlushAsync(CancellationToken.None);
        }

        var incident = Assert.Single(await AlertTopicReader.ReadIncidentsAsync(settings, "alerts", null, CancellationToken.None));
        Assert.Equal(("0123456789abcdef", IncidentStatus.Open, "capacity"), (incident.IncidentId, incident.Status, incident.Cause));
        Assert.Equal("Open", JsonDocument.Parse(incident.Data).RootElement.GetProperty("Status").GetString());
        Assert.Equal(5, incident.Offset); // after the 3 foreign messages and the 2 raw alerts
    }
}
