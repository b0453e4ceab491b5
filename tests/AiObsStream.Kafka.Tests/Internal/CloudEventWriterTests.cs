using AiObsStream.TestKit;
using System.Text.Json;
using AiObsStream.Core.Rules;
using AiObsStream.Kafka.Internal;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Kafka.Tests.Internal;

public class CloudEventWriterTests
{
    [Fact]
    public void Write_SameAlertTwice_IdenticalBytes()
    {
        using var a = new CloudEventWriter("/aiobs/g");
        using var b = new CloudEventWriter("/aiobs/g");
        var alert = TestRows.Alerts(1)[0];

        var first = a.Write(alert);
        a.Write(TestRows.Alerts(2)[1]);

        Assert.Equal(first, b.Write(alert));
        Assert.Equal(first, a.Write(alert));
    }

    [Fact]
    public void Write_ThenTryReadId_ReturnsTheIdOfTheStateChange()
    {
        using var w = new CloudEventWriter("/aiobs/g");
        var alert = TestRows.Alerts(1)[0] with { Status = AlertStatus.Resolved, TimeGeneratedMs = 1_795_000_123_456 };

        var ok = CloudEventWriter.TryReadId(w.Write(alert), out var id);

        Assert.True(ok);
        Assert.Equal("alert-0:resolved:1795000123456", id);
        Assert.Equal(id, CloudEventWriter.IdOf(alert));
    }

    [Fact]
    public void WriteIncident_DeterministicEnvelopeAroundTheIncidentsJsonlLine()
    {
        using var a = new CloudEventWriter("/aiobs/g");
        using var b = new CloudEventWriter("/aiobs/g");
        var incident = TestIncidents.Capacity(Core.Incidents.IncidentStatus.Updated);

        var bytes = a.Write(incident);
        Assert.Equal(bytes, b.Write(incident));
        var e = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal("0123456789abcdef:updated:1795346280000", e.GetProperty("id").GetString());
        Assert.Equal(("com.aiobsstream.incident.updated", "0123456789abcdef", "0123456789abcdef"),
            (e.GetProperty("type").GetString(), e.GetProperty("subject").GetString(), e.GetProperty("partitionkey").GetString()));
        Assert.Equal("2026-11-22T11:18:00.000Z", e.GetProperty("time").GetString());
        Assert.Equal("capacity", e.GetProperty("data").GetProperty("Cause").GetString());
        Assert.True(CloudEventWriter.TryReadId(bytes, out var id));
        Assert.Equal(CloudEventWriter.IdOf(incident), id);
        Assert.True(AiObsStream.Kafka.PublishedIncident.TryParse(bytes, 0, 7, out var read));
        Assert.Equal((Core.Incidents.IncidentStatus.Updated, 7L), (read.Status, read.Offset));
        Assert.False(AiObsStream.Kafka.PublishedIncident.TryParse(a.Write(TestRows.Alerts(1)[0]), 0, 0, out _));
    }

    [Fact]
    public void Write_NaNEvidence_IsValidJsonWithoutTheField()
    {
        using var w = new CloudEventWriter("/aiobs/g");

        using var doc = JsonDocument.Parse(w.Write(TestRows.Alerts(1)[0]));

        Assert.False(doc.RootElement.GetProperty("data").TryGetProperty("Score", out _));
        Assert.Equal("alert-0", doc.RootElement.GetProperty("partitionkey").GetString());
    }

    [Theory]
    [InlineData("{\"data\":{\"id\":\"inner\"},\"id\":\"outer\"}", "outer")]
    [InlineData("{\"id\":42}", null)]
    [InlineData("[\"id\"]", null)]
    [InlineData("not json", null)]
    [InlineData("{\"id\":\"cut", null)]
    [InlineData("", null)]
    public void TryReadId_VariousInputs_OnlyTopLevelStringId(string json, string? expected)
    {
        var ok = CloudEventWriter.TryReadId(System.Text.Encoding.UTF8.GetBytes(json), out var id);

        Assert.Equal(expected is not null, ok);
        Assert.Equal(expected, id);
    }

    [Fact]
    public void TryReadId_AnyBytes_NeverThrows()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            CloudEventWriter.TryReadId(bytes ?? [], out _);
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
