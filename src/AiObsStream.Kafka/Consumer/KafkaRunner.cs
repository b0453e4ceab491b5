using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Kafka.Consumer;

/// <summary>
/// Runs the engine over a <see cref="KafkaSource"/> until stopped: restores the last checkpoint, checkpoints every
/// interval and commits the offsets each checkpoint covers, restarts the engine (state and all) after a rebalance, and
/// on a stop request (SIGTERM) stops consuming, checkpoints and commits.
/// </summary>
/// <remarks>
/// Delivery guarantee with a state folder: everything derived from a committed offset is in a durable checkpoint, and a
/// restart truncates the output files to the checkpoint and replays from its offsets, so the files end up as if the run
/// had never stopped; the alert topic skips state changes it already carries. Without a state folder, offsets are only
/// committed after an idle stop (every window flushed): a crash replays from the previous commit (at least once).
/// </remarks>
public static class KafkaRunner
{
    /// <summary>Runs until stopped, idle (<see cref="KafkaRunOptions.StopWhenIdle"/>) or failed.</summary>
    public static async Task<RunSummary> RunAsync(StreamEngine engine, KafkaSource source, IOutputSink sink,
        KafkaRunOptions options, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        var restore = options.Restore;
        await source.StartAsync(restore?.Offsets, options.AssignmentTimeout, stop).ConfigureAwait(false);
        while (true)
        {
            var epoch = source.TakeEpoch();
            if (epoch.Assignment.Count == 0 && restore is not null && !stop.IsCancellationRequested &&
                await WaitForAssignmentAsync(epoch.Ended, options.StopWhenIdle, stop).ConfigureAwait(false))
            {
                // Between a revocation and the next assignment: a run without inputs would take its end for the end of
                // the stream and flush the restored state. The state waits for the partitions instead.
                continue;
            }

            var control = new EngineControl
            {
                Store = options.Store,
                Restore = restore,
                Interval = options.Store is null ? null : options.CheckpointInterval,
                StopWhenIdle = options.StopWhenIdle,
                Committed = options.Store is null ? null : (c, ct) => source.CommitAsync(c.Offsets, ct),
            };
            var rebalance = epoch.Ended;
            source.Revoking = async () =>
            {
                var last = await control.RequestStopAsync().ConfigureAwait(false);
                if (last is not null && options.Store is not null)
                {
                    source.SetStartOffsets(last.Offsets);
                }
            };
            if (options.Store is not null)
            {
                // A first checkpoint before anything is produced: it records the alert topic's position, so even a crash
                // before the first periodic checkpoint resumes without announcing anything twice.
                _ = control.RequestCheckpointAsync();
            }

            RunSummary summary;
            using (stop.Register(() => _ = control.RequestStopAsync()))
            {
                summary = await engine.RunAsync(epoch.Inputs, sink, CancellationToken.None, control).ConfigureAwait(false);
            }

            source.Revoking = null;
            if (!control.StopRequested && options.Store is null && control.Last is { } flushed)
            {
                await source.CommitAsync(flushed.Offsets, CancellationToken.None).ConfigureAwait(false); // idle end: all flushed
            }

            if (!stop.IsCancellationRequested && control.StopRequested)
            {
                // Stopped by a revocation: the epoch ends once the revocation has committed (just after the stop).
                await Task.WhenAny(rebalance, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            }

            if (stop.IsCancellationRequested || !control.StopRequested || !rebalance.IsCompleted)
            {
                return summary;
            }

            // A rebalance stopped the run after checkpointing: carry the state over to the new assignment.
            restore = control.Last ?? restore;
        }
    }

    /// <summary>Waits for the epoch without partitions to end: true when a new assignment came, false on a stop or idle time.</summary>
    private static async Task<bool> WaitForAssignmentAsync(Task ended, TimeSpan? stopWhenIdle, CancellationToken stop)
    {
        var idle = stopWhenIdle is { } limit ? Task.Delay(limit, stop) : Task.Delay(Timeout.Infinite, stop);
        await Task.WhenAny(ended, idle).ConfigureAwait(false);
        return ended.IsCompleted;
    }
}
