using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Sinks;

public sealed class JsonlDirectorySinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Lines(string file) => File.ReadAllLines(Path.Combine(_dir, file));

    [Fact]
    public async Task Incidents_WrittenToIncidentsJsonl_OneLinePerStateChange()
    {
        await using (var sink = new JsonlDirectorySink(_dir))
        {
            sink.WriteIncidents([TestIncidents.Capacity(), TestIncidents.Capacity(IncidentStatus.Updated)]);
            sink.WriteIncidents([TestIncidents.Capacity(IncidentStatus.Resolved)]);
            Assert.Equal(3, sink.IncidentsWritten);
            await sink.FlushAsync(CancellationToken.None);
        }

        var lines = Lines("incidents.jsonl");
        Assert.Equal(["Open", "Updated", "Resolved"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Status").GetString()));
        Assert.All(lines, l => Assert.Equal("0123456789abcdef", JsonDocument.Parse(l).RootElement.GetProperty("IncidentId").GetString()));
        Assert.Contains("\"Cause\":\"capacity\"", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_CarryTheirIncidentId()
    {
        await using (var sink = new JsonlDirectorySink(_dir))
        {
            sink.WriteAlerts([TestRows.Alerts(1)[0] with { IncidentId = "0123456789abcdef" }]);
        }

        Assert.Contains("\"IncidentId\":\"0123456789abcdef\"", Assert.Single(Lines("alerts.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_TruncatesIncidentsJsonlToTheCheckpoint()
    {
        byte[] checkpoint;
        await using (var sink = new JsonlDirectorySink(_dir))
        {
            sink.WriteIncidents([TestIncidents.Capacity()]);
            sink.WriteAlerts(TestRows.Alerts(2));
            checkpoint = await sink.CheckpointAsync(CancellationToken.None);
            sink.WriteIncidents([TestIncidents.Capacity(IncidentStatus.Updated), TestIncidents.Capacity(IncidentStatus.Resolved)]);
            sink.WriteAlerts(TestRows.Alerts(3));
        }

        Assert.Equal(3, Lines("incidents.jsonl").Length);
        await using (var resumed = new JsonlDirectorySink(_dir, resume: true))
        {
            await resumed.RestoreAsync(checkpoint, CancellationToken.None);
            Assert.Equal(1, resumed.IncidentsWritten);
            resumed.WriteIncidents([TestIncidents.Capacity(IncidentStatus.Resolved)]);
        }

        Assert.Equal(["Open", "Resolved"], Lines("incidents.jsonl").Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Status").GetString()));
        Assert.Equal(2, Lines("alerts.jsonl").Length);
    }

    [Fact]
    public async Task Restore_CheckpointFromBeforeIncidents_StartsIncidentsJsonlEmpty()
    {
        byte[] checkpoint;
        await using (var sink = new JsonlDirectorySink(_dir))
        {
            sink.WriteAlerts(TestRows.Alerts(1));
            checkpoint = await sink.CheckpointAsync(CancellationToken.None);
            sink.WriteIncidents([TestIncidents.Capacity()]);
        }

        // The four (length, lines) pairs an older build saved, without incidents.jsonl's.
        var old = checkpoint[..(4 * 16)];
        await using (var resumed = new JsonlDirectorySink(_dir, resume: true))
        {
            await resumed.RestoreAsync(old, CancellationToken.None);
            Assert.Equal((1L, 0L), (resumed.AlertsWritten, resumed.IncidentsWritten));
        }

        Assert.Empty(Lines("incidents.jsonl"));
        Assert.Single(Lines("alerts.jsonl"));
    }

    [Fact]
    public async Task Restore_IncidentsJsonlShorterThanAtTheCheckpoint_FailsNamingTheFile()
    {
        byte[] checkpoint;
        await using (var sink = new JsonlDirectorySink(_dir))
        {
            sink.WriteIncidents([TestIncidents.Capacity()]);
            checkpoint = await sink.CheckpointAsync(CancellationToken.None);
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "incidents.jsonl"), "{}\n");
        await using var resumed = new JsonlDirectorySink(_dir, resume: true);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => resumed.RestoreAsync(checkpoint, CancellationToken.None));
        Assert.Contains("incidents.jsonl", ex.Message, StringComparison.Ordinal);
    }
}
