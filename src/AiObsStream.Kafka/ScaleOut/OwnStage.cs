using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using Confluent.Kafka;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Stage 2 of scale-out: a member of group <c>GROUP-own</c> runs one engine per assigned repartition partition (a
/// task, as in Kafka Streams), each with its own checkpoint folder and its own output folder under shared roots, so a
/// task moves between processes with its state: whoever is assigned the partition next restores the task's last
/// checkpoint, truncates the task's outputs to it and replays the partition from the checkpoint's offset.
/// </summary>
/// <remarks>
/// Why one engine per partition and not one per process: after a rebalance a process must hand over exactly the state
/// of the series it no longer owns, and the series of one repartition partition are exactly one task's. Incidents are
/// keyed by a stable hash (the same id whoever announces them), and each task's alert publisher skips what its
/// checkpoint says was already on the alert topic.
/// </remarks>
public static class OwnStage
{
    /// <summary>The stage-2 consumer group of a run's group.</summary>
    public static string OwnGroup(string group) => group + "-own";

    /// <summary>The folder name of the task of repartition partition <paramref name="partition"/>.</summary>
    public static string TaskName(int partition) => "task-" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs the tasks of the assigned partitions until stopped, or until every task stopped idle
    /// (<see cref="KafkaRunOptions.StopWhenIdle"/>: only once every source partition is idle).
    /// </summary>
    /// <param name="newEngine">A new engine (one per task).</param>
    /// <param name="source">The stage-2 consumer (group <see cref="OwnGroup"/>, the repartition topic).</param>
    /// <param name="newSink">The sink of a task: its name and whether it resumes from a checkpoint (truncate-and-replay).</param>
    /// <param name="stateRoot">The shared folder under which each task keeps its checkpoints.</param>
    /// <param name="options">Checkpoint interval, idle stop and assignment timeout (Store / Restore are per task and ignored).</param>
    /// <param name="stop">Stops every task: each checkpoints and commits.</param>
    /// <param name="log">Where to report each assignment (stderr in the CLI), or null.</param>
    /// <param name="quiet">With no task assigned and an idle stop: whether this process has nothing else to do (its
    /// stage 1 is caught up); it then stops after the idle time. Null: always.</param>
    /// <returns>The summary of every task run, in order.</returns>
    public static async Task<IReadOnlyList<RunSummary>> RunAsync(Func<StreamEngine> newEngine, KafkaSource source,
        Func<string, bool, IOutputSink> newSink, string stateRoot, KafkaRunOptions options, CancellationToken stop, TextWriter? log = null,
        Func<bool>? quiet = null)
    {
        ArgumentNullException.ThrowIfNull(newEngine);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(newSink);
        ArgumentNullException.ThrowIfNull(options);
        var locks = new TaskLocks(stateRoot);
        source.CheckStarts = true;
        source.OnUnavailable ??= text => log?.WriteLine("Scale-out: repartition records gone before their task read them: " + text);
        var waiting = new HashSet<int>(); // poll thread only
        source.Claim = p =>
        {
            if (locks.TryClaim(p.Partition.Value))
            {
                waiting.Remove(p.Partition.Value);
                return true;
            }

            if (waiting.Add(p.Partition.Value))
            {
                log?.WriteLine($"Scale-out: waiting for the previous owner of task {p.Partition.Value} to end");
            }

            return false;
        };
        source.Released = p => locks.Revoked(p.Partition.Value);
        source.Decoders = p =>
        {
            var decoder = new RepartitionDecoder(PartitionFeed.NameOf(p));
            decoder.Restore(Store(stateRoot, p).TryLoad(out _)?.Offsets);
            return decoder;
        };
        source.StartOffsetOf = p =>
            Store(stateRoot, p).TryLoad(out _)?.Offsets is { } o && o.TryGetValue(PartitionFeed.NameOf(p), out var next) ? next : null;
        await source.StartAsync(null, options.AssignmentTimeout, stop).ConfigureAwait(false);
        var summaries = new List<RunSummary>();
        while (true)
        {
            var (rebalance, assignment, inputs) = source.TakeEpoch();
            log?.WriteLine($"Scale-out: running tasks [{string.Join(", ", assignment.Select(p => p.Partition.Value))}]");
            var tasks = new List<(EngineControl Control, IOutputSink Sink, Task<RunSummary> Run)>();
            var starts = new List<Func<Task<RunSummary>>>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var store = Store(stateRoot, assignment[i]);
                var restore = store.TryLoad(out _);
                var control = new EngineControl
                {
                    Store = store,
                    Restore = restore,
                    Interval = options.CheckpointInterval,
                    StopWhenIdle = options.StopWhenIdle,
                    Committed = (c, ct) => source.CommitAsync(c.Offsets, ct),
                };
                var sink = newSink(TaskName(assignment[i].Partition.Value), restore is not null);
                _ = control.RequestCheckpointAsync(); // the task's position before it produces anything (as a single engine)
                var input = inputs[i];
                locks.Started(assignment[i].Partition.Value);
                tasks.Add((control, sink, Task.Run(() => newEngine().RunAsync([input], sink, CancellationToken.None, control), CancellationToken.None)));
            }

            var revoked = false;
            source.Revoking = () =>
            {
                revoked = true;
                return Task.WhenAll(tasks.Where(t => !t.Run.IsCompleted).Select(t => t.Control.RequestStopAsync()));
            };
            using (stop.Register(() =>
            {
                foreach (var t in tasks.Where(t => !t.Run.IsCompleted))
                {
                    _ = t.Control.RequestStopAsync();
                }
            }))
            {
                try
                {
                    if (tasks.Count == 0)
                    {
                        await StandByAsync(rebalance, source, options.StopWhenIdle, quiet, stop).ConfigureAwait(false);
                    }

                    summaries.AddRange(await Task.WhenAll(tasks.Select(t => t.Run)).ConfigureAwait(false));
                }
                finally
                {
                    for (var i = 0; i < tasks.Count; i++)
                    {
                        await tasks[i].Sink.DisposeAsync().ConfigureAwait(false);
                        locks.Ended(assignment[i].Partition.Value); // only now may another engine take the task
                    }
                }
            }

            if (revoked && !stop.IsCancellationRequested)
            {
                // The tasks stopped for a rebalance: the new assignment follows once the revocation is complete.
                await Task.WhenAny(rebalance, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            }

            source.Revoking = null;
            log?.WriteLine($"Scale-out: tasks [{string.Join(", ", assignment.Select(p => p.Partition.Value))}] stopped" +
                (rebalance.IsCompleted ? " (rebalance)" : string.Empty));
            if (stop.IsCancellationRequested || !rebalance.IsCompleted)
            {
                return summaries;
            }
        }
    }

    /// <summary>
    /// The stage-2 consumer of a run: group <see cref="OwnGroup"/> on the repartition topic. The heartbeat is a third of
    /// the session timeout at most, so a short session (a fast failover) does not expel members that are merely busy.
    /// </summary>
    public static KafkaSource CreateSource(KafkaSettings settings, string repartitionTopic, InputOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = settings.BuildConsumerConfig();
        config.GroupId = OwnGroup(settings.GroupId);
        config.HeartbeatIntervalMs = Heartbeat(settings);
        return new KafkaSource(config, [repartitionTopic], options);
    }

    /// <summary>The heartbeat interval for <paramref name="settings"/>' session timeout (at most 3 s, a third of the session).</summary>
    internal static int Heartbeat(KafkaSettings settings) => (int)Math.Min(3000, settings.SessionTimeout.TotalMilliseconds / 3);

    /// <summary>
    /// A member without tasks waits for the next assignment; with an idle stop it ends once it has been quiet (its own
    /// stage 1 caught up) and assigned (an empty assignment received, not a rebalance still under way) for the idle time.
    /// </summary>
    private static async Task StandByAsync(Task rebalance, KafkaSource source, TimeSpan? stopWhenIdle, Func<bool>? quiet, CancellationToken stop)
    {
        var standBy = new StandBy(TimeProvider.System, stopWhenIdle);
        while (!rebalance.IsCompleted && !stop.IsCancellationRequested)
        {
            if (standBy.ShouldStop(quiet?.Invoke() ?? true, source.AwaitingAssignment))
            {
                return;
            }

            await Task.WhenAny(rebalance, Task.Delay(TimeSpan.FromMilliseconds(100), stop)).ConfigureAwait(false);
        }
    }

    private static CheckpointStore Store(string root, TopicPartition partition) =>
        new(Path.Combine(root, TaskName(partition.Partition.Value)));
}
