using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// What an <see cref="AlertTopicRelay"/> has done and where it stands: its counters, assignment, per-partition lag and
/// checkpoints, for the exit summary, <c>/metrics</c> (<see cref="RelayMetrics"/>) and the probes (<see cref="RelayHealth"/>).
/// </summary>
/// <remarks>
/// Written by the relay's loop only (one writer); read from any thread at scrape and probe time. Counters are read and
/// written with <see cref="Interlocked"/>; the partitions sit behind a lock, held only to copy or update one entry.
/// </remarks>
public sealed class RelayProgress
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Topic, int Partition), PartitionCursor> _partitions = [];
    private readonly long[] _rejected = new long[Enum.GetValues<RelayRejectReason>().Length];
    private long _relayed;
    private long _repeats;
    private long _rawAlerts;
    private long _deadLettered;
    private long _deadLettersLost;
    private long _batches;
    private long _commitFailures;
    private long _assignments;
    private long _checkpoints;
    private long _lastCheckpointUnixMs = -1;
    private long _lastCheckpointTicks;
    private long _inHand;
    private long _inHandSinceUnixMs = -1;
    private long _assignedUnixMs = -1;
    private int _rebalancing;
    private string? _failure;

    /// <summary>Creates the progress of one relay, timed by <paramref name="time"/>.</summary>
    public RelayProgress(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
    }

    /// <summary>The relay's clock (checkpoint ages, the time a batch has been in hand).</summary>
    public TimeProvider Time { get; }

    /// <summary>Incident changes handed to the sinks.</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Incident changes not relayed because their id was relayed before.</summary>
    public long Repeats => Interlocked.Read(ref _repeats);

    /// <summary>Raw alert changes skipped.</summary>
    public long RawAlerts => Interlocked.Read(ref _rawAlerts);

    /// <summary>Messages written to the dead-letter file.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Bad messages lost because the dead-letter file could not be written.</summary>
    public long DeadLettersLost => Interlocked.Read(ref _deadLettersLost);

    /// <summary>Batches completed (flushed, checkpointed, committed).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Commits refused (a rebalance under way).</summary>
    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    /// <summary>Assignments received.</summary>
    public long Assignments => Interlocked.Read(ref _assignments);

    /// <summary>Checkpoints written (state files saved and offsets committed, or the commit refused).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>True between a revocation and the next assignment (a rebalance under way).</summary>
    public bool Rebalancing => Volatile.Read(ref _rebalancing) != 0;

    /// <summary>Why the relay stopped with an error (null while it runs or after a clean stop).</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>When the last checkpoint was written (Unix ms), or null before the first.</summary>
    public long? LastCheckpointUnixMs => Interlocked.Read(ref _lastCheckpointUnixMs) is >= 0 and var ms ? ms : null;

    /// <summary>How long the last checkpoint took (state files and commit).</summary>
    public TimeSpan LastCheckpointDuration => TimeSpan.FromTicks(Interlocked.Read(ref _lastCheckpointTicks));

    /// <summary>When the current assignment was received (Unix ms), or null before the first.</summary>
    public long? AssignedUnixMs => Interlocked.Read(ref _assignedUnixMs) is >= 0 and var ms ? ms : null;

    /// <summary>Messages of the batch being delivered (0 between batches).</summary>
    public long InHand => Interlocked.Read(ref _inHand);

    /// <summary>Since when the batch being delivered is in hand (Unix ms), or null between batches.</summary>
    public long? InHandSinceUnixMs => Interlocked.Read(ref _inHandSinceUnixMs) is >= 0 and var ms ? ms : null;

    /// <summary>Bad messages of <paramref name="reason"/> (dead-lettered or lost).</summary>
    public long Rejected(RelayRejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>The assigned partitions and their lag (negative: not known yet), ordered by topic and partition.</summary>
    public IReadOnlyList<PartitionLag> Partitions()
    {
        lock (_gate)
        {
            return [.. _partitions.OrderBy(p => p.Key.Topic, StringComparer.Ordinal).ThenBy(p => p.Key.Partition)
                .Select(p => new PartitionLag(p.Key.Topic, p.Key.Partition, p.Value.Lag))];
        }
    }

    internal void AddRelayed(long count) => Interlocked.Add(ref _relayed, count);

    internal void AddRepeat() => Interlocked.Increment(ref _repeats);

    internal void AddRawAlert() => Interlocked.Increment(ref _rawAlerts);

    internal void AddRejected(RelayRejectReason reason, bool written)
    {
        Interlocked.Increment(ref _rejected[(int)reason]);
        Interlocked.Increment(ref written ? ref _deadLettered : ref _deadLettersLost);
    }

    internal void AddCommitFailure() => Interlocked.Increment(ref _commitFailures);

    internal void BatchStarted(int messages)
    {
        Interlocked.Exchange(ref _inHandSinceUnixMs, Now());
        Interlocked.Exchange(ref _inHand, messages);
    }

    internal void BatchEnded(bool completed)
    {
        Interlocked.Exchange(ref _inHand, 0);
        Interlocked.Exchange(ref _inHandSinceUnixMs, -1);
        if (completed)
        {
            Interlocked.Increment(ref _batches);
        }
    }

    internal void Checkpointed(TimeSpan took)
    {
        Interlocked.Exchange(ref _lastCheckpointTicks, took.Ticks);
        Interlocked.Exchange(ref _lastCheckpointUnixMs, Now());
        Interlocked.Increment(ref _checkpoints);
    }

    internal void Failed(string reason) => Volatile.Write(ref _failure, reason);

    internal void Assigned(IEnumerable<(string Topic, int Partition)> partitions)
    {
        Interlocked.Increment(ref _assignments);
        Interlocked.Exchange(ref _assignedUnixMs, Now());
        Volatile.Write(ref _rebalancing, 0);
        lock (_gate)
        {
            foreach (var p in partitions)
            {
                _partitions[p] = new PartitionCursor(-1, -1);
            }
        }
    }

    internal void Revoked(string topic, int partition, bool closing)
    {
        Volatile.Write(ref _rebalancing, closing ? 0 : 1);
        lock (_gate)
        {
            _partitions.Remove((topic, partition));
        }
    }

    /// <summary>A message at <paramref name="offset"/> was read: the next one to read follows it.</summary>
    internal void Read(string topic, int partition, long offset, bool endOfPartition)
    {
        lock (_gate)
        {
            if (_partitions.ContainsKey((topic, partition)))
            {
                // At the end of a partition its lag is 0 until the next fetch says otherwise.
                _partitions[(topic, partition)] = endOfPartition ? new PartitionCursor(offset, 0) : _partitions[(topic, partition)] with { Next = offset + 1 };
            }
        }
    }

    /// <summary>Sets each partition's lag from its high watermark (<paramref name="high"/>: negative when not known).</summary>
    internal void UpdateLag(Func<string, int, long> high)
    {
        lock (_gate)
        {
            foreach (var (key, cursor) in _partitions.ToList())
            {
                if (cursor.Next >= 0 && high(key.Topic, key.Partition) is >= 0 and var h)
                {
                    _partitions[key] = cursor with { Lag = Math.Max(0, h - cursor.Next) };
                }
            }
        }
    }

    private long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The next offset to read (-1: none read yet) and the lag (-1: not known).</summary>
    private readonly record struct PartitionCursor(long Next, long Lag);
}
