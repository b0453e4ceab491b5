using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Formats.Output;
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

    [Fact]
    public async Task Rows_FastAndEscapedInterleaved_SameBytesAsTheWriterAlone()
    {
        // Rows whose strings need escaping go through the Utf8JsonWriter between rows written straight to the buffer;
        // both paths must leave the other a clean line (and 3,000 rows cross the 64 KB block size several times).
        var rows = Enumerable.Range(0, 3_000).Select(static i => new MetricRow
        {
            WindowStartMs = 1_763_769_600_000 + (i / 500 * 60_000L),
            WindowEndMs = 1_763_769_660_000 + (i / 500 * 60_000L),
            Metric = "gpu_util",
            Dims = new SeriesDims(TelemetrySource.DCGM, "", "", "", "", "", "node-" + (i % 7), i % 5 == 0 ? "GPU-\"q\"-" + i : "GPU-" + i),
            ModelVersion = "",
            Count = i,
            Sum = i * 1.5,
            Min = 0.1,
            Max = i,
            Mean = 1.5,
            P50 = i / 3.0,
            P90 = i / 3.0,
        }).ToList();
        await using (var sink = new JsonlDirectorySink(_dir))
        {
            sink.WriteRows(rows[..1_000]);
            sink.WriteRows(rows[1_000..]);
            Assert.Equal(3_000, sink.RowsWritten);
        }

        var expected = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            foreach (var row in rows)
            {
                MetricRowJson.Write(writer, row);
                writer.Flush();
                writer.Reset();
                expected.Write("\n"u8);
            }
        }

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), await File.ReadAllTextAsync(Path.Combine(_dir, "metrics.jsonl")));
    }
}
