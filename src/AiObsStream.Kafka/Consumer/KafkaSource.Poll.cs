using System.Diagnostics;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Consumer;

/// <content>The poll thread: consume, parse, hand over, pause/resume, rebalances.</content>
public sealed partial class KafkaSource
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ClaimRetry = TimeSpan.FromMilliseconds(20);

    private void PollLoop()
    {
        while (!_stopping)
        {
            RunCommands();
            DrainAll();
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = _consumer.Consume(PollTimeout);
            }
            catch (ConsumeException ex)
            {
                OnError(ex.Error);
                continue;
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                OnError(ex.Error);
                continue;
            }

            if (result is null)
            {
                FlushQuietPartitions();
                UpdateLag();
                continue;
            }

            PartitionFeed? feed;
            lock (_gate)
            {
                _feeds.TryGetValue(result.TopicPartition, out feed);
            }

            if (feed is null)
            {
                continue; // a late message of a partition that was just revoked
            }

            if (result.IsPartitionEOF)
            {
                feed.OnEnd(result.Offset.Value);
            }
            else
            {
                feed.Accept(result.Message, result.Offset.Value, Now());
            }

            feed.Drain();
            if (feed.Queued >= MaxQueuedBatches && !feed.Paused)
            {
                _consumer.Pause([feed.Partition]);
                feed.Paused = true;
            }

            UpdateLag();
        }
    }

    private void DrainAll()
    {
        List<TopicPartition>? resume = null;
        lock (_gate)
        {
            foreach (var feed in _feeds.Values)
            {
                feed.Drain();
                if (feed.Paused && feed.Queued == 0)
                {
                    feed.Paused = false;
                    (resume ??= []).Add(feed.Partition);
                }
            }
        }

        if (resume is not null)
        {
            _consumer.Resume(resume);
        }
    }

    /// <summary>A live partition that went quiet hands over its partial batch, so records are not held back.</summary>
    private void FlushQuietPartitions()
    {
        var now = Now();
        lock (_gate)
        {
            foreach (var feed in _feeds.Values)
            {
                if (feed.LastMessageTicks != 0 && Stopwatch.GetElapsedTime(feed.LastMessageTicks, now) >= _idleFlush)
                {
                    feed.FlushPartial();
                    feed.Drain();
                }
            }
        }
    }

    private void UpdateLag()
    {
        var now = Now();
        if (Stopwatch.GetElapsedTime(_lastLagTicks, now) < TimeSpan.FromSeconds(1))
        {
            return;
        }

        _lastLagTicks = now;
        lock (_gate)
        {
            foreach (var feed in _feeds.Values)
            {
                var marks = _consumer.GetWatermarkOffsets(feed.Partition);
                if (marks?.High is { } high && high != Offset.Unset && feed.NextOffset >= 0)
                {
                    feed.Lag = Math.Max(0, high.Value - feed.NextOffset);
                }
            }
        }
    }

    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _assigning.TrySetResult();
        ClaimAll(partitions);
        var starts = new List<TopicPartitionOffset>(partitions.Count);
        lock (_gate)
        {
            foreach (var p in partitions)
            {
                if (!_feeds.ContainsKey(p))
                {
                    _feeds[p] = new PartitionFeed(p, _options, Decoders?.Invoke(p));
                }

                var next = StartOffsetOf?.Invoke(p) ?? (_startOffsets.TryGetValue(PartitionFeed.NameOf(p), out var n) ? n : (long?)null);
                starts.Add(new TopicPartitionOffset(p, next is { } at ? new Offset(at) : Offset.Unset));
            }
        }

        if (CheckStarts)
        {
            ExpectStarts(starts);
        }

        _awaitingAssignment = false;

        // And in case a pause survived anyway (a partition paused by an earlier owner of this client's handle): every
        // newly assigned partition starts resumed, once the assignment is in place (the next turn of the poll loop).
        var assigned = partitions.ToList();
        _commands.Enqueue(() => ResumeQuietly(assigned));
        if (!_firstAssignment.Task.IsCompleted)
        {
            _firstAssignment.TrySetResult();
        }
        else
        {
            lock (_gate)
            {
                // A new assignment ends the epoch of the previous one (empty, or already stopped by the revocation) and
                // starts a fresh one: inputs created from now on must not inherit an epoch that has already ended, or
                // they would end at once (a run that stops as soon as it starts, over and over).
                _epochEnd.TrySetResult();
                _epochEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return starts;
    }

    /// <summary>
    /// Where each newly assigned partition's reading should begin: its start offset, else the group's committed offset,
    /// else 0 (a group that never read it begins at the oldest offset, which is 0 unless the broker deleted some).
    /// </summary>
    private void ExpectStarts(List<TopicPartitionOffset> starts)
    {
        var expected = new Dictionary<TopicPartition, long>();
        var unknown = new List<TopicPartition>();
        foreach (var s in starts)
        {
            if (s.Offset == Offset.Unset)
            {
                unknown.Add(s.TopicPartition);
            }
            else
            {
                expected[s.TopicPartition] = s.Offset.Value;
            }
        }

        try
        {
            foreach (var c in unknown.Count > 0 ? _consumer.Committed(unknown, TimeSpan.FromSeconds(10)) : [])
            {
                expected[c.TopicPartition] = c.Offset.Value >= 0 ? c.Offset.Value : 0;
            }
        }
        catch (KafkaException ex)
        {
            OnError(ex.Error); // the check is skipped for the partitions without a start offset; reading does not depend on it
        }

        lock (_gate)
        {
            foreach (var (partition, at) in expected)
            {
                if (_feeds.TryGetValue(partition, out var feed))
                {
                    feed.ExpectedStart = at;
                    feed.StartedLate = StartedLate;
                }
            }
        }
    }

    /// <summary>
    /// Scale-out: waits until this process may run every newly assigned partition's task (its previous owner has ended),
    /// before anything reads the task's checkpoint. Commands keep running meanwhile: the previous owner may be an engine
    /// of this very process, whose last checkpoint commits through this thread.
    /// </summary>
    private void ClaimAll(List<TopicPartition> partitions)
    {
        if (Claim is not { } claim)
        {
            return;
        }

        foreach (var p in partitions)
        {
            while (!claim(p) && !_stopping)
            {
                RunCommands();
                DrainAll();
                Thread.Sleep(ClaimRetry);
            }
        }
    }

    private void ResumeQuietly(List<TopicPartition> partitions)
    {
        try
        {
            _consumer.Resume(partitions);
        }
        catch (KafkaException ex)
        {
            OnError(ex.Error); // no longer assigned (another rebalance came first): nothing to resume
        }
    }

    /// <summary>
    /// Partitions are being taken away: before they go, the engine checkpoints (covering everything read from them)
    /// and the offsets are committed. Commands are run here so that the commit, queued by the checkpoint, can happen.
    /// </summary>
    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        _awaitingAssignment = !_stopping;
        if (Revoking is { } revoking && _firstAssignment.Task.IsCompleted)
        {
            var checkpointed = revoking();
            var deadline = Stopwatch.GetTimestamp();
            while (!checkpointed.IsCompleted && Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
            {
                RunCommands();
                DrainAll();
                checkpointed.Wait(TimeSpan.FromMilliseconds(5));
            }

            RunCommands();
        }

        lock (_gate)
        {
            List<TopicPartition>? paused = null;
            foreach (var p in partitions)
            {
                if (_feeds.Remove(p.TopicPartition, out var feed))
                {
                    if (feed.Paused)
                    {
                        (paused ??= []).Add(feed.Partition);
                    }

                    feed.Writer?.TryComplete();
                    feed.Dispose();
                }

                Released?.Invoke(p.TopicPartition);
            }

            // librdkafka keeps a partition's pause across a revocation: assigned back to this consumer, it would stay
            // paused under a fresh feed that believes it is not, and never deliver again (a scale-out task that never
            // went idle, its process never stopped). Resume it while it is still assigned.
            if (paused is not null)
            {
                ResumeQuietly(paused);
            }

            _epochEnd.TrySetResult();
            _epochEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
