using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

public sealed class CheckpointRestoreTests : IDisposable
{
    private static readonly string[] Files = ["metrics.jsonl", "alerts.jsonl", "deadletter.jsonl", "notifications.jsonl", "incidents.jsonl"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("h100-trace-a-dirty", 5)]
    [InlineData("h100-trace-a-dirty", 23)]
    [InlineData("h100-trace-a", 30)]
    public async Task StopThenRestore_AtAnyBarrier_OutputsEqualAnUninterruptedRun(string trace, int stopAfterBatches)
    {
        var messages = TraceMessages.Load(trace);
        var options = new EngineOptions { Partitions = 3, Input = new InputOptions { BatchUnits = 8 } };

        var straight = Path.Combine(_root, "straight");
        await RunAsync(options, messages, straight, new EngineControl { StopWhenIdle = CheckpointRuns.StopWhenIdle }, null, resume: false);

        var resumed = Path.Combine(_root, "resumed");
        var (_, stopped) = await CheckpointRuns.StopThenResumeAsync(options, options, messages, resumed, Path.Combine(_root, "state"), stopAfterBatches);
        Assert.Equal(1, stopped.Checkpoints);

        foreach (var file in Files.Append("incidents.jsonl").Where(f => File.Exists(Path.Combine(straight, f))))
        {
            var expected = await File.ReadAllTextAsync(Path.Combine(straight, file));
            var actual = await File.ReadAllTextAsync(Path.Combine(resumed, file));
            Assert.True(expected == actual, $"{file} differs after stop+restore at batch {stopAfterBatches} " +
                $"({expected.Length} vs {actual.Length} chars)");
        }

        Assert.Contains("\"Metric\":\"latency_ms\"", await File.ReadAllTextAsync(Path.Combine(resumed, "metrics.jsonl")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h100-trace-a", 12)]
    [InlineData("h100-trace-a", 30)]
    [InlineData("h100-trace-a-dirty", 23)]
    public async Task StopThenRestore_IncidentsEqualAnUninterruptedRun(string trace, int stopAfterBatches)
    {
        var messages = TraceMessages.Load(trace);
        var options = new EngineOptions { Partitions = 3, Input = new InputOptions { BatchUnits = 8 } };
        var straight = new List<string>();
        await RunAsync(options, messages, Path.Combine(_root, "straight"), new EngineControl { StopWhenIdle = CheckpointRuns.StopWhenIdle },
            null, resume: false, tap: straight);

        var resumedDir = Path.Combine(_root, "resumed");
        var store = new CheckpointStore(Path.Combine(_root, "state"));
        var first = new EngineControl { Store = store, StopWhenIdle = CheckpointRuns.StopWhenIdle };
        var resumed = new List<string>();
        var mark = 0;
        await RunAsync(options, messages, resumedDir, first, null, resume: false, tap: resumed, onMark: m => mark = m,
            afterBatch: n => { if (n == stopAfterBatches) _ = first.RequestStopAsync(); });
        resumed.RemoveRange(mark, resumed.Count - mark); // what the checkpoint made durable, as the files are truncated to it
        var checkpoint = store.TryLoad(out _);
        Assert.NotNull(checkpoint);
        var second = new EngineControl { Store = store, Restore = checkpoint, StopWhenIdle = CheckpointRuns.StopWhenIdle };
        await RunAsync(options, messages, resumedDir, second, checkpoint.Offsets, resume: true, tap: resumed);

        Assert.Contains(straight, l => l.StartsWith("incident ", StringComparison.Ordinal));
        Assert.Equal(straight, resumed);
    }

    [Fact]
    public async Task Checkpoint_OnRequest_DoesNotChangeOutputs()
    {
        var messages = TraceMessages.Load("h100-trace-a");
        var options = new EngineOptions { Partitions = 2, Input = new InputOptions { BatchUnits = 8 } };
        var straight = Path.Combine(_root, "a");
        await RunAsync(options, messages, straight, new EngineControl { StopWhenIdle = CheckpointRuns.StopWhenIdle }, null, resume: false);

        var store = new CheckpointStore(Path.Combine(_root, "s"));
        var control = new EngineControl { Store = store, StopWhenIdle = CheckpointRuns.StopWhenIdle };
        var requested = new List<Task<EngineCheckpoint>>();
        var withCheckpoints = Path.Combine(_root, "b");
        var summary = await RunAsync(options, messages, withCheckpoints, control, null, resume: false,
            afterBatch: n => { if (n % 7 == 0) requested.Add(control.RequestCheckpointAsync()); });

        Assert.NotEmpty(requested);
        Assert.True(summary.Checkpoints >= 2); // the requested ones (merged when close together) + the final one
        foreach (var file in Files)
        {
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(straight, file)), await File.ReadAllTextAsync(Path.Combine(withCheckpoints, file)));
        }
    }

    [Fact]
    public void Store_CorruptLatest_FallsBackToPrevious()
    {
        var store = new CheckpointStore(Path.Combine(_root, "c"));
        store.Save(Sample(1));
        store.Save(Sample(2));
        var latest = Path.Combine(store.DirectoryPath, "checkpoint.bin");
        var bytes = File.ReadAllBytes(latest);
        bytes[^40] ^= 0xFF;
        File.WriteAllBytes(latest, bytes);

        var loaded = store.TryLoad(out var warning);

        Assert.Equal(1, loaded!.Seq);
        Assert.Contains("checksum", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_Truncated_IsRejectedWithClearMessage()
    {
        using var buffer = new MemoryStream();
        Sample(3).WriteTo(buffer);
        var cut = buffer.ToArray()[..^10];

        var ex = Assert.Throws<InvalidDataException>(() => EngineCheckpoint.ReadFrom(new MemoryStream(cut)));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_RoundTrips()
    {
        using var buffer = new MemoryStream();
        var original = Sample(9);
        original.WriteTo(buffer);
        buffer.Position = 0;

        var copy = EngineCheckpoint.ReadFrom(buffer);

        Assert.Equal(9, copy.Seq);
        Assert.Equal(original.Offsets, copy.Offsets);
        Assert.Equal(original.PartitionStates[1], copy.PartitionStates[1]);
        Assert.Equal(original.SinkState, copy.SinkState);
    }

    private static EngineCheckpoint Sample(long seq) => new()
    {
        Seq = seq,
        CreatedUnixMs = 1,
        Partitions = 2,
        Offsets = new Dictionary<string, long> { ["t/0"] = 10 * seq, ["t/1"] = 7 },
        SequencerState = [1, 2, 3],
        PartitionStates = [[4, 5], [6, 7, 8]],
        OutputState = [9],
        SinkState = [10, 11],
    };

    private static async Task<RunSummary> RunAsync(EngineOptions options, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages,
        string outDir, EngineControl control, IReadOnlyDictionary<string, long>? start, bool resume, Action<int>? afterBatch = null,
        List<string>? tap = null, Action<int>? onMark = null)
    {
        var inputs = CheckpointRuns.Inputs(options, messages, start, "aoai", afterBatch);
        IOutputSink files = new JsonlDirectorySink(outDir, resume);
        var tapped = tap is null ? null : new IncidentTapSink(files, tap);
        await using var sink = tapped ?? files;
        var summary = await new StreamEngine(options).RunAsync(inputs, sink, CancellationToken.None, control);
        await sink.FlushAsync(CancellationToken.None);
        onMark?.Invoke(tapped?.Mark ?? 0);
        return summary;
    }
}
