using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

/// <summary>
/// Engine runs over replayed topic messages (<see cref="ReplayMessagesInput"/>) for the checkpoint tests: a run to its end
/// into a JSONL folder, and a run stopped after a given batch and resumed from the checkpoint it stored.
/// </summary>
internal static class CheckpointRuns
{
    /// <summary>How long a run waits with every input idle before it stops (the replayed inputs stay open).</summary>
    public static readonly TimeSpan StopWhenIdle = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// One replayed input per topic, in ordinal order, each from its offset in <paramref name="start"/> (0 when absent);
    /// <paramref name="afterBatch"/> is told the count of batches <paramref name="countedTopic"/>'s input has sent.
    /// </summary>
    public static List<IInput> Inputs(EngineOptions options, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages,
        IReadOnlyDictionary<string, long>? start, string countedTopic, Action<int>? afterBatch) =>
        messages.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (IInput)new ReplayMessagesInput(m.Key, m.Value, start?.GetValueOrDefault(m.Key) ?? 0, options.Input,
                m.Key == countedTopic ? afterBatch : null))
            .ToList();

    /// <summary>Runs the engine to its end into <paramref name="outDir"/> (continuing the folder's files when <paramref name="resume"/>).</summary>
    public static async Task<RunSummary> RunAsync(EngineOptions options, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages,
        string outDir, EngineControl control, IReadOnlyDictionary<string, long>? start, bool resume, string countedTopic = "aoai",
        Action<int>? afterBatch = null)
    {
        await using var sink = new JsonlDirectorySink(outDir, resume);
        var summary = await new StreamEngine(options).RunAsync(Inputs(options, messages, start, countedTopic, afterBatch), sink,
            CancellationToken.None, control);
        await sink.FlushAsync(CancellationToken.None);
        return summary;
    }

    /// <summary>
    /// Runs into <paramref name="outDir"/> with <paramref name="before"/>, stops after <paramref name="stopAfterBatches"/>
    /// batches of <paramref name="countedTopic"/> (checking that the stop was taken and a checkpoint stored in
    /// <paramref name="stateDir"/>), then resumes from that checkpoint with <paramref name="after"/> into the same folder.
    /// </summary>
    /// <returns>The checkpoint resumed from, and the summary of the stopped run.</returns>
    public static async Task<(EngineCheckpoint Checkpoint, RunSummary Stopped)> StopThenResumeAsync(EngineOptions before, EngineOptions after,
        IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages, string outDir, string stateDir, int stopAfterBatches,
        string countedTopic = "aoai")
    {
        var store = new CheckpointStore(stateDir);
        var first = new EngineControl { Store = store, StopWhenIdle = StopWhenIdle };
        var stopped = await RunAsync(before, messages, outDir, first, null, resume: false, countedTopic,
            afterBatch: n => { if (n == stopAfterBatches) _ = first.RequestStopAsync(); });
        Assert.True(first.StopRequested);
        var checkpoint = store.TryLoad(out var warning);
        Assert.Null(warning);
        Assert.NotNull(checkpoint);
        var second = new EngineControl { Store = store, Restore = checkpoint, StopWhenIdle = StopWhenIdle };
        await RunAsync(after, messages, outDir, second, checkpoint.Offsets, resume: true, countedTopic);
        return (checkpoint, stopped);
    }
}
