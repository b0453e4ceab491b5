using System.Text;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Kafka.Internal;
using AiObsStream.Kafka.Relay;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests.Relay;

/// <summary>The relay's pieces without a broker: decoding, the id window, the checkpoint file and the notification.</summary>
public sealed class RelayStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-relay-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Decode_WhatThePublisherWrites_IsTheIncidentWithItsId()
    {
        using var writer = new CloudEventWriter("/aiobs/test");
        var incident = TestIncidents.Capacity(IncidentStatus.Updated);

        var m = RelayDecoder.Decode(writer.Write(incident));

        Assert.Equal(RelayMessageKind.Incident, m.Kind);
        Assert.Equal(CloudEventWriter.IdOf(incident), m.Id);
        Assert.Equal(writer.Write(incident), writer.Write(m.Incident!));
    }

    [Fact]
    public void Decode_RawAlert_IsSkippedNotBad()
    {
        using var writer = new CloudEventWriter("/aiobs/test");
        Assert.Equal(RelayMessageKind.RawAlert, RelayDecoder.Decode(writer.Write(TestRows.Alerts(1)[0])).Kind);
    }

    [Theory]
    [InlineData("", "empty message")]
    [InlineData("{", "not JSON")]
    [InlineData("[1]", "not a CloudEvent: the value is not a JSON object")]
    [InlineData("{\"type\":\"com.aiobsstream.incident.open\"}", "not a CloudEvent: id or type missing")]
    [InlineData("{\"id\":\"a\",\"type\":\"com.aiobsstream.incident.open\"}", "incident CloudEvent without data")]
    [InlineData("{\"id\":\"a\",\"type\":\"com.aiobsstream.incident.open\",\"data\":[]}", "incident: not a JSON object")]
    [InlineData("{\"id\":\"a\",\"type\":\"other\",\"data\":{}}", "not an incident CloudEvent (type 'other')")]
    public void Decode_BadMessage_IsBadWithTheReason(string value, string reason)
    {
        var m = RelayDecoder.Decode(Encoding.UTF8.GetBytes(value));

        Assert.Equal(RelayMessageKind.Bad, m.Kind);
        Assert.StartsWith(reason, m.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RecentIds_BeyondCapacity_ForgetsTheOldestFirst()
    {
        var ids = new RecentIds(3);
        Assert.True(ids.Add("a") && ids.Add("b") && ids.Add("c"));
        Assert.False(ids.Add("a"));

        Assert.True(ids.Add("d"));

        Assert.Equal(["b", "c", "d"], ids.InOrder);
        Assert.False(ids.Contains("a"));
    }

    [Fact]
    public void PartitionState_SavedAndLoaded_SameOffsetAndIdsInOrder()
    {
        var path = RelayPartitionState.PathOf(_dir, "alerts", 2);
        var state = new RelayPartitionState(10) { Next = 42 };
        foreach (var id in new[] { "x:open:1", "x:updated:2", "é:resolved:3" })
        {
            state.Ids.Add(id);
        }

        state.Save(path);
        var loaded = RelayPartitionState.Load(path, 10);

        Assert.Equal(42, loaded.Next);
        Assert.Equal(state.Ids.InOrder, loaded.Ids.InOrder);
        Assert.EndsWith("alerts-2.relay", path, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionState_NoFile_StartsAtTheCommittedOffset() => Assert.Equal(-1, RelayPartitionState.Load(Path.Combine(_dir, "none"), 5).Next);

    [Fact]
    public void PartitionState_OtherVersion_RefusedNamingIt()
    {
        var path = Path.Combine(_dir, "v.relay");
        new RelayPartitionState(4) { Next = 1 }.Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[4] = 9; // the version follows the magic
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => RelayPartitionState.Load(path, 4));

        Assert.Contains("version 9 is not supported (this build reads version 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionState_EveryTruncation_RefusedNeverThrowsOtherwise()
    {
        var path = Path.Combine(_dir, "t.relay");
        var state = new RelayPartitionState(4) { Next = 7 };
        state.Ids.Add("abc:open:1");
        state.Save(path);
        var bytes = File.ReadAllBytes(path);
        for (var n = 0; n < bytes.Length; n++)
        {
            File.WriteAllBytes(path, bytes[..n]);
            Assert.Throws<InvalidDataException>(() => RelayPartitionState.Load(path, 4));
        }
    }

    [Theory]
    [InlineData(IncidentStatus.Open, NotificationReason.Initial, AlertStatus.Firing)]
    [InlineData(IncidentStatus.Updated, NotificationReason.Update, AlertStatus.Firing)]
    [InlineData(IncidentStatus.Resolved, NotificationReason.Update, AlertStatus.Resolved)]
    public void Notification_OfAnIncidentChange_IsOneIncidentPseudoAlert(IncidentStatus status, NotificationReason reason, AlertStatus alertStatus)
    {
        var incident = TestIncidents.Capacity(status);

        var n = IncidentNotifications.Of(incident);

        Assert.Equal((reason, alertStatus, incident.TimeGeneratedMs, "incident=" + incident.IncidentId), (n.Reason, n.Status, n.TimeMs, n.GroupKey));
        Assert.Same(incident, n.Incident);
        var alert = Assert.Single(n.Alerts);
        Assert.True(IncidentAlert.IsIncident(alert.Latest));
        Assert.Equal((incident.IncidentId, alertStatus, "chat-prod", "aks-gpu-0"), (alert.IncidentId, alert.Status, alert.Latest.Deployment, alert.Latest.Host));
    }
}
