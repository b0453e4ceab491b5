using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using AiObsStream.Pipeline.Inputs;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Consumer;

/// <summary>
/// The consumer side of the Kafka / Event Hubs input: one consumer in a group, polled on its own thread, feeding one
/// engine input per assigned partition. Offsets are never committed automatically: <see cref="CommitAsync"/> commits
/// what a durable checkpoint covers.
/// </summary>
/// <remarks>
/// Backpressure without deadlock: the poll thread never blocks on the engine. A partition whose engine channel is full
/// queues parsed batches (at most <see cref="MaxQueuedBatches"/>) and is then paused at the broker until the engine
/// catches up, while the other partitions keep flowing (the engine may be waiting for exactly those). Memory per
/// partition is bounded by the queued batches plus librdkafka's fetch queue (<c>queued.max.messages.kbytes</c>).
/// </remarks>
public sealed partial class KafkaSource : IDisposable
{
    /// <summary>Parsed batches a partition may queue before it is paused.</summary>
    public const int MaxQueuedBatches = 4;

    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly IReadOnlyList<string> _topics;
    private readonly InputOptions _options;
    private readonly TimeSpan _idleFlush;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Dictionary<TopicPartition, PartitionFeed> _feeds = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _firstAssignment = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _assigning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, long> _startOffsets = new(StringComparer.Ordinal);
    private TaskCompletionSource _epochEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _awaitingAssignment;
    private long _lastLagTicks;
    private long _unavailable;
    private string? _lastUnavailable;

    /// <summary>Creates the consumer (not yet subscribed). Auto-commit and auto offset store are forced off.</summary>
    /// <param name="config">Consumer configuration (bootstrap, group, security).</param>
    /// <param name="topics">Topics to subscribe to.</param>
    /// <param name="options">Parsing limits and GPU → deployment mapping.</param>
    /// <param name="idleFlush">A partial batch of a live partition is handed over after this long without messages.</param>
    public KafkaSource(ConsumerConfig config, IReadOnlyList<string> topics, InputOptions options, TimeSpan? idleFlush = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            throw new ArgumentException("at least one topic is needed", nameof(topics));
        }

        _ = KafkaNative.Version;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.EnablePartitionEof = true;
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range; // eager: a rebalance revokes all, then assigns
        _topics = topics;
        _options = options ?? new InputOptions();
        _idleFlush = idleFlush ?? TimeSpan.FromMilliseconds(200);
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, parts) => OnAssigned(parts))
            .SetPartitionsRevokedHandler((_, parts) => OnRevoked(parts))
            .SetErrorHandler((_, e) => OnError(e))
            .Build();
    }

    /// <summary>Creates the consumer from validated settings (bootstrap or Event Hubs, group, topics).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="options">Parsing limits and GPU → deployment mapping.</param>
    public KafkaSource(KafkaSettings settings, InputOptions options)
        : this((settings ?? throw new ArgumentNullException(nameof(settings))).BuildConsumerConfig(), settings.Topics, options)
    {
    }

    /// <summary>Called on the poll thread when partitions are about to be taken away; completes once they are checkpointed.</summary>
    public Func<Task>? Revoking { get; set; }

    /// <summary>
    /// Scale-out stage 2: the decoder of each newly assigned repartition partition (restored from that partition's own
    /// checkpoint); null: messages are telemetry, parsed as usual.
    /// </summary>
    internal Func<TopicPartition, ScaleOut.RepartitionDecoder>? Decoders { get; set; }

    /// <summary>Scale-out stage 2: where a newly assigned partition starts (its own checkpoint), before the start offsets.</summary>
    internal Func<TopicPartition, long?>? StartOffsetOf { get; set; }

    /// <summary>
    /// Scale-out stage 2: called for each newly assigned partition before its checkpoint is read, again and again until it
    /// returns true (the task's previous owner has ended; <see cref="ScaleOut.TaskLocks"/>); null: no fencing.
    /// </summary>
    internal Func<TopicPartition, bool>? Claim { get; set; }

    /// <summary>Scale-out stage 2: a partition was revoked (after the revocation's checkpoint wait).</summary>
    internal Action<TopicPartition>? Released { get; set; }

    /// <summary>Partitions currently assigned.</summary>
    public IReadOnlyList<TopicPartition> Assignment
    {
        get
        {
            lock (_gate)
            {
                return [.. _feeds.Keys.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)];
            }
        }
    }

    /// <summary>Completes when the assignment changes (a rebalance): the current engine run should stop and restart.</summary>
    public Task AssignmentChanged
    {
        get
        {
            lock (_gate)
            {
                return _epochEnd.Task;
            }
        }
    }

    /// <summary>Consumer errors reported by librdkafka (broker down, authentication, ...), most recent last (bounded).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>
    /// Between a revocation and the next assignment (eager protocol: a rebalance under way, which after a member's crash
    /// lasts until its session times out); false before the first revocation.
    /// </summary>
    internal bool AwaitingAssignment => _awaitingAssignment;

    /// <summary>Assigned partitions paused for backpressure right now (tests).</summary>
    internal int PausedPartitions
    {
        get
        {
            lock (_gate)
            {
                return _feeds.Values.Count(f => f.Paused);
            }
        }
    }

    /// <summary>
    /// Check where each assigned partition's first message lands against where reading should begin (its start offset,
    /// else the group's committed offset, else 0) and count the difference in <see cref="Unavailable"/> (scale-out
    /// stage 2 turns it on; one broker round trip per assignment).
    /// </summary>
    internal bool CheckStarts { get; set; }

    /// <summary>
    /// Messages that were already gone from the broker when a partition's reading began (retention, or a size-capped test
    /// broker): librdkafka then starts at the oldest offset it still has without a word. Readable from any thread.
    /// </summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>The last partition where <see cref="Unavailable"/> grew: <c>topic/partition: offsets A..B ...</c>, or null.</summary>
    public string? LastUnavailable => Volatile.Read(ref _lastUnavailable);

    /// <summary>Called on the poll thread with the text of <see cref="LastUnavailable"/> each time it grows.</summary>
    internal Action<string>? OnUnavailable { get; set; }

    /// <summary>Offsets committed by this source so far.</summary>
    public long Commits { get; private set; }

    /// <summary>
    /// Subscribes and waits for the first assignment. Partitions named in <paramref name="startOffsets"/>
    /// (<c>topic/partition</c> → next offset, from a checkpoint) start there; the others at the group's committed
    /// offset, or at the earliest offset when the group has none.
    /// </summary>
    public async Task StartAsync(IReadOnlyDictionary<string, long>? startOffsets, TimeSpan timeout, CancellationToken ct)
    {
        SetStartOffsets(startOffsets);
        _consumer.Subscribe(_topics);
        _thread = new Thread(PollLoop) { IsBackground = true, Name = "aiobs-kafka-poll" };
        _thread.Start();
        // The timeout is for the group to assign something; once it has, waiting for a task's previous owner to end
        // (Claim) may take longer and is not a failure.
        var done = await Task.WhenAny(_assigning.Task, Task.Delay(timeout, ct)).ConfigureAwait(false);
        if (done == _assigning.Task)
        {
            await _firstAssignment.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        else
        {
            ct.ThrowIfCancellationRequested();
            var errors = string.Join("; ", Errors.TakeLast(3));
            throw new InvalidOperationException($"no partitions of {string.Join(", ", _topics)} were assigned within " +
                $"{timeout.TotalSeconds:0} s (do the topics exist? is the broker reachable?){(errors.Length > 0 ? ": " + errors : "")}");
        }
    }

    /// <summary>Start positions for the next assignment (after a checkpoint was restored or taken).</summary>
    public void SetStartOffsets(IReadOnlyDictionary<string, long>? offsets)
    {
        lock (_gate)
        {
            _startOffsets = offsets is null ? new(StringComparer.Ordinal) : new(offsets, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The current assignment, one engine input per partition, and the end of this assignment (it completes at the next
    /// revocation or assignment), taken together: the inputs end exactly when <see cref="Epoch.Ended"/> completes, so a
    /// caller never pairs a new assignment with an epoch that has already ended, nor the reverse.
    /// </summary>
    internal Epoch TakeEpoch()
    {
        lock (_gate)
        {
            var assignment = Assignment;
            var end = _epochEnd.Task;
            return new Epoch(end, assignment, [.. assignment.Select(p => (IInput)new KafkaPartitionInput(this, _feeds[p], end))]);
        }
    }

    /// <summary>One assignment of the consumer: its partitions, their inputs, and the task that completes when it ends.</summary>
    internal readonly record struct Epoch(Task Ended, IReadOnlyList<TopicPartition> Assignment, IReadOnlyList<IInput> Inputs);

    /// <summary>
    /// Commits the offsets a durable checkpoint covers (input name → next offset) for the partitions still assigned;
    /// runs on the poll thread and completes when the broker acknowledged.
    /// </summary>
    public Task CommitAsync(IReadOnlyDictionary<string, long> offsets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands.Enqueue(() =>
        {
            try
            {
                var list = new List<TopicPartitionOffset>();
                foreach (var p in _feeds.Keys)
                {
                    if (offsets.TryGetValue(PartitionFeed.NameOf(p), out var next) && next >= 0)
                    {
                        list.Add(new TopicPartitionOffset(p, next));
                    }
                }

                if (list.Count > 0)
                {
                    _consumer.Commit(list);
                    Commits++;
                }

                done.TrySetResult();
            }
            catch (KafkaException ex)
            {
                done.TrySetException(new InvalidOperationException("offset commit failed: " + ex.Error.Reason, ex));
            }
        });
        return done.Task.WaitAsync(ct);
    }

    /// <summary>Stops polling, leaves the group and closes the consumer.</summary>
    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(10));
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // leaving the group failed (broker gone): the session times out on its own
        }

        _consumer.Dispose();
        lock (_gate)
        {
            foreach (var feed in _feeds.Values)
            {
                feed.Writer?.TryComplete();
                feed.Dispose();
            }

            _feeds.Clear();
            _epochEnd.TrySetResult();
        }
    }

    internal void Attach(TopicPartition partition, ChannelWriter<InputBatch> writer) =>
        _commands.Enqueue(() =>
        {
            if (_feeds.TryGetValue(partition, out var feed))
            {
                feed.Writer = writer;
            }
            else
            {
                writer.TryComplete(); // revoked before the engine attached
            }
        });

    private void OnError(Error e)
    {
        Errors.Enqueue((e.IsFatal ? "fatal: " : "") + e.Reason);
        while (Errors.Count > 20)
        {
            Errors.TryDequeue(out _);
        }
    }

    private void RunCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            command();
        }
    }

    private static long Now() => Stopwatch.GetTimestamp();

    private void StartedLate(PartitionFeed feed, long expected, long actual)
    {
        Interlocked.Add(ref _unavailable, actual - expected);
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{feed.Name}: offsets {expected}..{actual - 1} were no longer on the broker");
        Volatile.Write(ref _lastUnavailable, text);
        OnUnavailable?.Invoke(text);
    }
}
