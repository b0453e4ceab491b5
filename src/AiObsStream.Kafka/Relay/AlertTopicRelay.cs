using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Pipeline.Sinks;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// <c>aiobs relay</c>: the one consumer of the alert topic in front of the notification sinks (webhooks, Log Analytics,
/// actions), so that engines that move between processes (scale-out) announce every incident change once. Each
/// incident change is handed to the sink as the incident (<see cref="IOutputSink.WriteIncidents"/>) and as a
/// notification about it (<see cref="IOutputSink.WriteNotifications"/>).
/// </summary>
/// <remarks>
/// <para>Delivery, per batch: the sinks get the batch's new incident changes, are flushed until they have nothing in
/// flight (every payload delivered, spooled or dead-lettered), bad messages are dead-lettered, the per-partition
/// checkpoint (next offset and recent ids) is written, and only then are the offsets committed. A restart resumes
/// from the checkpoint (else the committed offset): at-least-once, and a message replayed after a crash is dropped by
/// its CloudEvent id when the id is still in the partition's window of recent ids. What can still repeat: the changes
/// of the one batch that the sinks had accepted when the process died before its checkpoint was written, and repeats
/// on the topic further apart than the id window.</para>
/// <para>Several relays in one group split the partitions; key = IncidentId keeps one incident's changes in order on
/// one partition, and a partition is handed over only between batches (messages read but not yet relayed are
/// dropped at the revocation, unsent, and read again by the next owner).</para>
/// <para>Runs the consumer loop on one task; the sink is called from it only, never concurrently.</para>
/// </remarks>
public sealed class AlertTopicRelay : IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SettleStep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LagEvery = TimeSpan.FromSeconds(1);
    private readonly AlertTopicRelayOptions _options;
    private readonly IOutputSink _sink;
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly Dictionary<TopicPartition, RelayPartitionState> _partitions = [];
    private readonly HashSet<TopicPartition> _caughtUp = [];
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _pending = [];
    private readonly RelayDeadLetterFile _deadLetters;
    private int _disposed;
    private long _lagUpdated;
    private bool _awaitingAssignment;
    private bool _closing;

    /// <summary>Creates the consumer (group <see cref="KafkaSettings.GroupId"/>, not yet subscribed).</summary>
    /// <param name="settings">Connection and group settings.</param>
    /// <param name="options">Topic, state, dead letters and batching.</param>
    /// <param name="sink">The notification sinks (one composite); the relay does not dispose it.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public AlertTopicRelay(KafkaSettings settings, AlertTopicRelayOptions options, IOutputSink sink)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _options = options;
        _sink = sink;
        Progress = new RelayProgress(options.Time);
        _deadLetters = new RelayDeadLetterFile(options.DeadLetterPath, Progress);
        if (options.StateDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        _ = KafkaNative.Version;
        var config = settings.BuildConsumerConfig();
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range; // eager: revoke all, then assign
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, parts) => OnAssigned(parts))
            .SetPartitionsRevokedHandler((_, parts) => OnRevoked(parts))
            .SetErrorHandler((_, e) => LastError = e.Reason)
            .SetLogHandler(static (_, _) => { })
            .Build();
    }

    /// <summary>Counters, assignment, lag and checkpoints, readable from any thread (metrics and probes).</summary>
    public RelayProgress Progress { get; }

    /// <summary>Incident changes handed to the sinks.</summary>
    public long Relayed => Progress.Relayed;

    /// <summary>Incident changes not relayed because their id was relayed before (a replay, or a repeat on the topic).</summary>
    public long Duplicates => Progress.Repeats;

    /// <summary>Messages written to the dead-letter file.</summary>
    public long DeadLettered => Progress.DeadLettered;

    /// <summary>Assignments received.</summary>
    public int Assignments => (int)Progress.Assignments;

    /// <summary>
    /// Raised on the relay's task after each completed batch (checkpointed and committed); handlers must return quickly.
    /// For embedders and tests that follow the relay without polling.
    /// </summary>
    public event EventHandler? BatchCompleted;

    /// <summary>Tests: called after the sinks settled a batch, before its checkpoint (a throw here is a crash at the worst moment).</summary>
    internal Action? AfterSettled { get; set; }

    /// <summary>The last consumer, commit or dead-letter error, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Relays until <paramref name="stop"/> or the idle stop; the batch in hand is finished first (on a stop, a batch
    /// whose sinks do not settle is left uncommitted and read again by the next run).
    /// </summary>
    /// <exception cref="InvalidDataException">A partition checkpoint cannot be read.</exception>
    /// <exception cref="InvalidOperationException">The consumer failed fatally (broker, authentication).</exception>
    public Task RunAsync(CancellationToken stop) => Task.Run(
        async () =>
        {
            try
            {
                await LoopAsync(stop).ConfigureAwait(false);
            }
            catch (KafkaException ex)
            {
                Progress.Failed("relay failed: " + ex.Error.Reason);
                throw new InvalidOperationException("relay failed: " + ex.Error.Reason, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Progress.Failed(ex.Message); // for /healthz while the process reports it and exits
                throw;
            }
        },
        CancellationToken.None);

    private async Task LoopAsync(CancellationToken stop)
    {
        _consumer.Subscribe(_options.Topic);
        var lastActivity = _options.Time.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?>? result = null;
                try
                {
                    result = _consumer.Consume(PollTimeout);
                }
                catch (ConsumeException ex)
                {
                    LastError = ex.Error.Reason;
                }

                if (result is not null)
                {
                    lastActivity = _options.Time.GetTimestamp();
                    Progress.Read(result.Topic, result.Partition.Value, result.Offset.Value, result.IsPartitionEOF);
                    if (result.IsPartitionEOF)
                    {
                        _caughtUp.Add(result.TopicPartition);
                    }
                    else
                    {
                        _caughtUp.Remove(result.TopicPartition);
                        _pending.Add(result);
                    }
                }

                UpdateLag();
                if (_pending.Count >= _options.BatchSize || (_pending.Count > 0 && (result is null || result.IsPartitionEOF)))
                {
                    await DeliverAsync(stop).ConfigureAwait(false);
                }

                // Not between a revocation and the next assignment: "no partition" then only means a rebalance is under way.
                if (_options.StopWhenIdle is { } idle && _pending.Count == 0 && Assignments > 0 && !_awaitingAssignment
                    && _partitions.Keys.All(_caughtUp.Contains) && _options.Time.GetElapsedTime(lastActivity) >= idle)
                {
                    return;
                }
            }
        }
        finally
        {
            if (_pending.Count > 0)
            {
                await DeliverAsync(stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One batch: decode, de-duplicate, hand over, settle, dead-letter, checkpoint, commit.</summary>
    private async Task DeliverAsync(CancellationToken stop)
    {
        var incidents = new List<IncidentEvent>();
        var bad = new List<(ConsumeResult<byte[]?, byte[]?> Message, string Reason, RelayRejectReason Rejection)>();
        var touched = new HashSet<TopicPartition>();
        Progress.BatchStarted(_pending.Count);
        foreach (var m in _pending)
        {
            if (!_partitions.TryGetValue(m.TopicPartition, out var state) || m.Offset.Value < state.Next)
            {
                continue; // revoked since, or before the checkpoint's position (already relayed)
            }

            state.Next = m.Offset.Value + 1;
            touched.Add(m.TopicPartition);
            var decoded = RelayDecoder.Decode(m.Message.Value);
            switch (decoded.Kind)
            {
                case RelayMessageKind.Bad:
                    bad.Add((m, decoded.Reason!, decoded.Rejection));
                    break;
                case RelayMessageKind.RawAlert:
                    Progress.AddRawAlert();
                    break;
                default:
                    if (state.Ids.Add(decoded.Id!))
                    {
                        incidents.Add(decoded.Incident!);
                    }
                    else
                    {
                        Progress.AddRepeat();
                    }

                    break;
            }
        }

        _pending.Clear();
        if (incidents.Count > 0)
        {
            _sink.WriteIncidents(incidents);
            var notes = new List<Notification>(incidents.Count);
            foreach (var incident in incidents)
            {
                notes.Add(IncidentNotifications.Of(incident));
            }

            _sink.WriteNotifications(notes);
            if (!await SettleAsync(stop).ConfigureAwait(false))
            {
                Progress.BatchEnded(completed: false);
                return; // stopped before the sinks settled: not checkpointed, read again by the next run
            }

            Progress.AddRelayed(incidents.Count);
            AfterSettled?.Invoke();
        }

        foreach (var (message, reason, rejection) in bad)
        {
            if (!_deadLetters.Write(message, reason, rejection))
            {
                LastError = _deadLetters.LastError;
            }
        }

        Commit(touched);
        Progress.BatchEnded(completed: true);
        BatchCompleted?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Flushes until nothing is in flight; false when stopped first. Each flush is bounded by the sinks' own drain
    /// timeouts and is not cancelled by the stop: a batch the sinks already hold is finished, not abandoned half-sent.
    /// </summary>
    private async Task<bool> SettleAsync(CancellationToken stop)
    {
        await _sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        while (_options.Settled is { } settled && !settled())
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(SettleStep, _options.Time, CancellationToken.None).ConfigureAwait(false);
            await _sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    private void Commit(HashSet<TopicPartition> touched)
    {
        if (touched.Count == 0)
        {
            return;
        }

        var started = _options.Time.GetTimestamp();
        var offsets = new List<TopicPartitionOffset>();
        foreach (var p in touched)
        {
            var state = _partitions[p];
            if (_options.StateDirectory is { } dir)
            {
                state.Save(RelayPartitionState.PathOf(dir, p.Topic, p.Partition.Value));
            }

            offsets.Add(new TopicPartitionOffset(p, state.Next));
        }

        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            Progress.AddCommitFailure(); // the checkpoint holds the position; the next owner starts there
            LastError = ex.Error.Reason;
        }

        Progress.Checkpointed(_options.Time.GetElapsedTime(started));
    }

    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _awaitingAssignment = false;
        var starts = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var p in partitions)
        {
            var state = _options.StateDirectory is { } dir
                ? RelayPartitionState.Load(RelayPartitionState.PathOf(dir, p.Topic, p.Partition.Value), _options.RecentIdsPerPartition)
                : new RelayPartitionState(_options.RecentIdsPerPartition);
            _partitions[p] = state;
            _caughtUp.Remove(p);
            starts.Add(new TopicPartitionOffset(p, state.Next >= 0 ? new Offset(state.Next) : Offset.Unset));
        }

        Progress.Assigned(partitions.Select(p => (p.Topic, p.Partition.Value)));
        return starts;
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        // Called inside Consume, so never during a batch: what is pending was not sent; the next owner reads it again.
        _awaitingAssignment = !_closing;
        foreach (var p in partitions)
        {
            _partitions.Remove(p.TopicPartition);
            _caughtUp.Remove(p.TopicPartition);
            Progress.Revoked(p.Topic, p.Partition.Value, _closing);
        }

        _pending.RemoveAll(m => !_partitions.ContainsKey(m.TopicPartition));
    }

    /// <summary>
    /// Refreshes the partitions' lag from the consumer's cached high watermarks (no broker request), at most once a
    /// second: what <c>messaging.kafka.consumer.lag</c> and <c>/readyz</c> read.
    /// </summary>
    private void UpdateLag()
    {
        var now = _options.Time.GetTimestamp();
        if (_lagUpdated != 0 && _options.Time.GetElapsedTime(_lagUpdated, now) < LagEvery)
        {
            return;
        }

        _lagUpdated = now;
        Progress.UpdateLag((topic, partition) =>
            _consumer.GetWatermarkOffsets(new TopicPartition(topic, partition))?.High is { } high && high != Offset.Unset ? high.Value : -1);
    }

    /// <summary>Leaves the group and closes the consumer. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing = true;
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // leaving the group failed (broker gone): the session times out on its own
        }

        _consumer.Dispose();
    }
}
