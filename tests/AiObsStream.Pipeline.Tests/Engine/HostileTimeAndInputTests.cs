using System.IO.Compression;
using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Issue #10 §7: one bad timestamp must not move the watermark; an input that fails part-way is reported with what was
/// lost while the others complete; a unit that makes a parser throw is dead-lettered alone.
/// </summary>
[Collection(SerialTests.Name)]
public class HostileTimeAndInputTests
{
    private static readonly DateTime Start = new(2025, 6, 2, 8, 0, 0, DateTimeKind.Utc);

    private static Task<IngestionHealthReplayTests.Result> RunAsync(params (string Name, List<string> Lines, DateTime? Mtime)[] inputs) =>
        IngestionHealthReplayTests.RunAsync(inputs);

    private static string Reason(System.Text.Json.JsonElement d) => d.GetProperty("Reason").GetString()!;

    [Theory]
    [InlineData(0)] // the very first sample: no reference yet
    [InlineData(30)]
    [InlineData(239)] // the last scrape
    public async Task Replay_DcgmLineWithTimestampCutOff_OnlyThatSampleRejectedNothingLate(int scrape)
    {
        var lines = ReplayCaptures.Dcgm(Start, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5));
        var damaged = lines.FindIndex(l => l.StartsWith("DCGM_FI_DEV_GPU_UTIL", StringComparison.Ordinal)) + (4 * 2 * scrape);
        lines[damaged] = lines[damaged][..lines[damaged].LastIndexOf(' ')]; // cut at the last space: no timestamp

        // The file was written ten days after the trace: in a file whose samples carry timestamps, a sample without one
        // is suspect (invalid_value), it does not take the file's time and cannot move the watermark.
        var r = await RunAsync(("dcgm.prom", lines, Start.AddDays(10)));

        var dead = Assert.Single(r.Dead);
        Assert.Equal("invalid_value", Reason(dead));
        Assert.Equal(damaged + 1, dead.GetProperty("Position").GetInt64());
        Assert.Contains("timestamp", dead.GetProperty("Message").GetString(), StringComparison.Ordinal);
        AssertOnlyThatSampleLost(r);
    }

    [Theory]
    [InlineData(0)] // the very first sample: no reference yet
    [InlineData(30)]
    [InlineData(239)] // the last scrape
    public async Task Replay_DcgmLineWithTimestampTenDaysAhead_OnlyThatSampleTooFarAheadNothingLate(int scrape)
    {
        var lines = ReplayCaptures.Dcgm(Start, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5));
        var damaged = lines.FindIndex(l => l.StartsWith("DCGM_FI_DEV_GPU_UTIL", StringComparison.Ordinal)) + (4 * 2 * scrape);
        var cut = lines[damaged].LastIndexOf(' ');
        var ts = long.Parse(lines[damaged][(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        lines[damaged] = lines[damaged][..(cut + 1)] + (ts + (long)TimeSpan.FromDays(10).TotalMilliseconds)
            .ToString(System.Globalization.CultureInfo.InvariantCulture); // a damaged digit: ten days ahead

        var r = await RunAsync(("dcgm.prom", lines, null));

        var dead = Assert.Single(r.Dead);
        Assert.Equal("too_far_ahead", Reason(dead));
        Assert.Equal(damaged + 1, dead.GetProperty("Position").GetInt64());
        Assert.Contains("too far ahead", dead.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, r.Summary.Inputs[0].RejectedByReason[(int)RejectReason.TooFarAhead]);
        AssertOnlyThatSampleLost(r);
    }

    private static void AssertOnlyThatSampleLost(IngestionHealthReplayTests.Result r)
    {
        Assert.Equal(0, r.Summary.Inputs[0].RejectedByReason[(int)RejectReason.Late]);
        Assert.DoesNotContain(r.Alerts, a => a.GetProperty("Rule").GetString()!.StartsWith("ingestion", StringComparison.Ordinal));
        Assert.Equal((240 * 2) - 1, r.Rows.Where(x => x.GetProperty("Metric").GetString() == "gpu_util").Sum(x => x.GetProperty("Count").GetInt64()));
    }

    [Fact]
    public async Task Replay_ExportJumpsAheadTwice_NoRecordLost()
    {
        var lines = ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3))
            .Concat(ReplayCaptures.AzureOpenAi(Start.AddMinutes(47), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3)))
            .Concat(ReplayCaptures.AzureOpenAi(Start.AddHours(9), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3)))
            .ToList();

        var r = await RunAsync(("jumps.jsonl", lines, null));

        Assert.Empty(r.Dead);
        Assert.Equal(300, r.Rows.Where(x => x.GetProperty("Metric").GetString() == "requests").Sum(x => x.GetProperty("Count").GetInt64()));
    }

    [Fact]
    public async Task Replay_GzipCorruptPartWay_InputReportedWithPositionAndUnitsNotReadOthersComplete()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-fail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var bodies = ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1), perBody: 1);
        var broken = Path.Combine(dir, "broken.jsonl.gz");
        using (var buffer = new MemoryStream())
        {
            using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                gz.Write(Encoding.UTF8.GetBytes(string.Join('\n', bodies) + "\n"));
            }

            var bytes = buffer.ToArray();
            var cut = bytes.Length * 3 / 5;
            bytes.AsSpan(cut, 64).Fill(0xFF); // a damaged block: the deflate stream cannot go on
            File.WriteAllBytes(broken, bytes);
        }

        var good = Path.Combine(dir, "good.jsonl");
        File.WriteAllLines(good, ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(6), deployment: "chat-b"));
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(Path.Combine(dir, "out")))
        {
            summary = await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync([broken, good], sink, CancellationToken.None);
        }

        var failed = summary.Inputs[0];
        Assert.NotNull(failed.Failure);
        Assert.InRange(failed.FailedAt, 1, bodies.Count);
        Assert.True(failed.UnitsNotRead == -1 || failed.UnitsNotRead > 0);
        Assert.True(failed.Units > 0, "what was read before the failure still counts");
        Assert.Null(summary.Inputs[1].Failure);
        Assert.Equal(300, summary.Inputs[1].Events);
        Assert.True(summary.Inputs[1].Finished);
    }

    [Fact]
    public void UnitsFrom_PlainFile_CountsLinesFromThePosition()
    {
        var path = Path.Combine(Path.GetTempPath(), "aiobs-units-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, "a\nb\nc\nd"); // four lines, the last without its newline

        Assert.Equal(4, AiObsStream.Pipeline.Inputs.FileInput.UnitsFrom(path, 1));
        Assert.Equal(2, AiObsStream.Pipeline.Inputs.FileInput.UnitsFrom(path, 3));
        Assert.Equal(-1, AiObsStream.Pipeline.Inputs.FileInput.UnitsFrom(path + ".missing", 1));
    }

    [Fact]
    public async Task Replay_BodyWithInvalidUtf8InAString_OnlyThatBodyDeadLetteredInputCompletes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-utf8-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var bodies = ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(6), perBody: 10);
        var path = Path.Combine(dir, "aoai.jsonl");
        using (var file = File.Create(path))
        {
            for (var i = 0; i < bodies.Count; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(bodies[i]);
                if (i == 3)
                {
                    var at = bodies[i].IndexOf("Streaming", StringComparison.Ordinal);
                    bytes[at + 2] = 0xC3; // a lead byte followed by ASCII: invalid UTF-8 inside a JSON string
                }

                file.Write(bytes);
                file.WriteByte((byte)'\n');
            }
        }

        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(Path.Combine(dir, "out")))
        {
            summary = await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync([path], sink, CancellationToken.None);
        }

        Assert.Null(summary.Inputs[0].Failure);
        Assert.Equal(bodies.Count, summary.Inputs[0].Units);
        Assert.InRange(summary.Inputs[0].Events, 90, 100); // every other body counted; the damaged one at most partly
        Assert.True(summary.Inputs[0].Events == 100 || summary.DeadLetters >= 1);
    }
}
