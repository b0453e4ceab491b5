using AiObsStream.Core.Incidents;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

public class IncidentLogReaderTests
{
    private const string Open =
        """{"TimeGenerated":"2026-11-22T11:16:00.000Z","IncidentId":"a1b2c3d4e5f60718","Status":"Open","OpenedAt":"2026-11-22T11:15:30.000Z","Cause":"unexplained","Severity":"Warning","Deployments":["chat-prod"],"ModelVersions":["2024-08-06"],"Hosts":[],"Signals":[],"Evidence":{},"Summary":"s"}""";

    private const string Updated =
        """{"TimeGenerated":"2026-11-22T11:17:00.000Z","IncidentId":"a1b2c3d4e5f60718","Status":"Updated","OpenedAt":"2026-11-22T11:15:30.000Z","Cause":"capacity","Severity":"Critical","Deployments":["chat-mini"],"ModelVersions":[],"Hosts":["aks-gpu-0"],"Signals":[],"Evidence":{},"Summary":"s"}""";

    private const string Other =
        """{"TimeGenerated":"2026-11-22T11:20:00.000Z","IncidentId":"ffff000011112222","Status":"Open","Cause":"gpu-memory","Deployments":[],"Hosts":["aks-gpu-1"]}""";

    [Fact]
    public void Read_StateChanges_OneIncidentPerIdWithFirstOpenLastCauseAndUnionScope()
    {
        var log = IncidentLogReader.Read([Open, Updated, Other], []);

        Assert.Equal(0, log.RejectedLines);
        Assert.Equal(2, log.Incidents.Count);
        var first = log.Incidents[0];
        Assert.Equal("a1b2c3d4e5f60718", first.IncidentId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T11:15:30Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), first.OpenedAtMs);
        Assert.Equal(IncidentCause.Capacity, first.Cause);
        Assert.Equal(["chat-mini", "chat-prod"], first.Deployments);
        Assert.Equal(["aks-gpu-0"], first.Hosts);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T11:20:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), log.Incidents[1].OpenedAtMs); // no OpenedAt: TimeGenerated
    }

    [Fact]
    public void Read_Notifications_FiringCountedPerIncidentFoundInTheLine()
    {
        string[] notifications =
        [
            """{"TimeGenerated":"2026-11-22T11:16:00.000Z","GroupKey":"g","Status":"Firing","Reason":"New","Incident":{"IncidentId":"a1b2c3d4e5f60718"},"Alerts":[{"IncidentId":"alert-id-1"}]}""",
            """{"TimeGenerated":"2026-11-22T11:17:00.000Z","GroupKey":"g","Status":"Firing","Reason":"Changed","Alerts":[{"IncidentId":"a1b2c3d4e5f60718"},{"IncidentId":"a1b2c3d4e5f60718"},{"IncidentId":"ffff000011112222"}]}""",
            """{"TimeGenerated":"2026-11-22T11:19:00.000Z","GroupKey":"g","Status":"Resolved","Reason":"Resolved","Alerts":[{"IncidentId":"a1b2c3d4e5f60718"}]}""",
            """{"TimeGenerated":"2026-11-22T11:19:00.000Z","GroupKey":"g","Status":"Firing","Reason":"New","Alerts":[{"IncidentId":"not-an-incident"}]}""",
        ];

        var log = IncidentLogReader.Read([Open, Other], notifications);

        Assert.Equal(0, log.RejectedLines);
        Assert.Equal(2, log.Incidents[0].FiringNotifications); // the Incident object wins over alert ids; resolved not counted
        Assert.Equal(1, log.Incidents[1].FiringNotifications);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Status":"Open","Cause":"capacity","OpenedAt":"2026-11-22T11:15:30.000Z"}""")]
    [InlineData("""{"IncidentId":"x","Cause":"overheating","OpenedAt":"2026-11-22T11:15:30.000Z"}""")]
    [InlineData("""{"IncidentId":"x","Cause":"capacity","OpenedAt":"yesterday"}""")]
    public void Read_BadIncidentLine_CountedWithReasonOthersKept(string bad)
    {
        var log = IncidentLogReader.Read([Open, bad, Other], ["{oops"]);

        Assert.Equal(2, log.RejectedLines);
        Assert.Equal(2, log.Incidents.Count);
        Assert.StartsWith("incidents.jsonl:2: ", log.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("notifications.jsonl:1: not JSON", log.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_NoFiles_NoIncidents()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-incidentlog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var log = IncidentLogReader.ReadDirectory(dir);

            Assert.Empty(log.Incidents);
            Assert.Equal(0, log.RejectedLines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
