using System.Diagnostics;
using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Merges the inputs into one deterministic event-time order, tracks the watermark, dead-letters records that are too
/// late, routes events to partitions by series and broadcasts watermark punctuations.
/// </summary>
/// <remarks>
/// Determinism: it always consumes the next batch of the input that is furthest behind in event time (ties: lowest
/// input index), so the sequence of events and punctuations depends only on the inputs, never on thread timing. That is
/// what makes two runs on the same input produce byte-identical outputs. Single-threaded; parsing happens ahead of it
/// on the inputs' own tasks.
/// </remarks>
internal sealed partial class Sequencer
{
    private const int MinPendingCapacity = 16;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);
    private readonly EngineOptions _options;
    private readonly EventTimeOptions _time;

    /// <summary>The anomaly buckets' window (null with anomaly detection off), derived once: not per batch.</summary>
    private readonly WindowSpec? _bucketWindow;
    private readonly IReadOnlyList<ChannelReader<InputBatch>> _inputs;
    private readonly ChannelWriter<PartitionMessage>[] _partitions;
    private readonly ChannelWriter<OutputMessage> _output;
    private readonly WatermarkTracker _tracker;
    private readonly AheadGuard[] _guards;
    private readonly bool[] _live;

    /// <summary>Inputs that tell their own event time (<see cref="InputBatch.Watermark"/>): their records do not move it.</summary>
    private readonly bool[] _toldTime;
    private readonly IngestHealth _ingest;
    private readonly TimeProvider _clock;
    private readonly List<TelemetryEvent> _released = [];
    private readonly List<(TelemetryEvent Event, string Why)> _ahead = [];
    private readonly EventBuffer?[] _pending;

    /// <summary>
    /// Room for the events one batch can admit (its own and the ones its input's guard holds), so that a partition's
    /// pending buffer never grows while the batch is admitted; a fixed 1,024 grew (copied and cleared) for every batch
    /// of bodies, which holds a few events more than <see cref="Inputs.InputOptions.BatchEvents"/>.
    /// </summary>
    private int _pendingCapacity = MinPendingCapacity;
    private readonly EngineControl? _control;
    private readonly long[] _nextOffset;
    private readonly List<TaskCompletionSource<EngineCheckpoint>> _stopWaiters = [];
    private long _seq;
    private long _lastFireStart = long.MinValue;
    private long _lastCloseStart = long.MinValue;
    private long _lastBucketStart = long.MinValue;
    private long _lagBucket = long.MinValue;
    private int _batchesSincePunctuation;

    public Sequencer(EngineOptions options, IReadOnlyList<ChannelReader<InputBatch>> inputs, IReadOnlyList<InputStats> stats,
        ChannelWriter<PartitionMessage>[] partitions, ChannelWriter<OutputMessage> output, EngineControl? control = null,
        IReadOnlyList<bool>? live = null)
    {
        _control = control;
        _nextOffset = new long[inputs.Count];
        Array.Fill(_nextOffset, -1);
        _options = options;
        _time = options.EventTime;
        _bucketWindow = options.Anomaly.Enabled ? options.DetectionTime.Window : null;
        _inputs = inputs;
        Stats = stats;
        _partitions = partitions;
        _output = output;
        _tracker = new WatermarkTracker(_time.AllowedDisorder);
        _clock = options.Clock;
        _ingest = new IngestHealth(options);
        _guards = new AheadGuard[inputs.Count];
        _live = new bool[inputs.Count];
        _toldTime = new bool[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            _tracker.AddInput();
            _guards[i] = new AheadGuard(_time.MaxAhead, _time.ConfirmAhead);
            _live[i] = live is not null && live[i];
            _ingest.AddInput(_live[i]);
        }

        _pending = new EventBuffer?[partitions.Length];
        _security = options.Security.Enabled ? new Core.Security.CallerConsumptionMonitor(options.Security) : null;
        _dependencies = options.Dependencies.Enabled ? new Core.Network.DependencyLatencyMonitor(options.Dependencies) : null;
        _access = options.Access.Enabled ? new Core.Security.AccessMonitor(options.Access) : null;
        _monitors = new Core.Security.MonitorFeed(_security, _dependencies, _access);
    }

    public IReadOnlyList<InputStats> Stats { get; }

    public long Watermark => _tracker.Watermark;

    public long Late { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var end = await ConsumeAsync(ct).ConfigureAwait(false);
            await FlushPartitionsAsync(ct).ConfigureAwait(false);
            switch (end)
            {
                case RunEnd.InputsEnded:
                    await PunctuateAsync(long.MaxValue, ct).ConfigureAwait(false);
                    break;
                case RunEnd.Idle:
                    await ReleaseAllHeldAsync(ct).ConfigureAwait(false);

                    // Flush by moving event time past every window that holds data (not to "infinity"), so the state
                    // saved below stays valid for a later run that resumes with newer records.
                    _tracker.AdvanceTo(FlushWatermark());
                    await PunctuateAsync(_tracker.Watermark, ct).ConfigureAwait(false);
                    await BarrierAsync([], final: true, ct).ConfigureAwait(false);
                    break;
                case RunEnd.Stopped:
                    await ReleaseAllHeldAsync(ct).ConfigureAwait(false);
                    await BarrierAsync([], final: true, ct).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            foreach (var p in _partitions)
            {
                p.TryComplete();
            }
        }
    }

    private async Task<RunEnd> ConsumeAsync(CancellationToken ct)
    {
        var active = CountActive();
        var idleSince = 0L;
        while (active > 0)
        {
            if (_control is not null)
            {
                var requests = _control.TakeRequests();
                if (_control.StopRequested)
                {
                    foreach (var r in requests)
                    {
                        _stopWaiters.Add(r);
                    }

                    return RunEnd.Stopped;
                }

                if (requests.Count > 0)
                {
                    await BarrierAsync(requests, final: false, ct).ConfigureAwait(false);
                }
            }

            var i = PickInput();
            if (i < 0)
            {
                idleSince = idleSince == 0 ? Stopwatch.GetTimestamp() : idleSince;
                if (_control?.StopWhenIdle is { } limit && Stopwatch.GetElapsedTime(idleSince) >= limit)
                {
                    return RunEnd.Idle;
                }

                await WaitForAnyAsync(ct).ConfigureAwait(false);
                await MaybeLiveSilenceAsync(ct).ConfigureAwait(false);
                continue;
            }

            idleSince = 0;
            var (batch, woken) = await NextBatchAsync(i, ct).ConfigureAwait(false);
            if (woken)
            {
                continue;
            }

            if (batch is null)
            {
                await FinishInputAsync(i, ct).ConfigureAwait(false);
                active--;
            }
            else if (batch.Idle)
            {
                batch.Events.Dispose();
                await ReleaseHeldAsync(i, ct).ConfigureAwait(false); // the partition is caught up: nothing held waits for more
                _tracker.SetIdle(i, true);
            }
            else
            {
                await ProcessAsync(i, batch, ct).ConfigureAwait(false);
                if (batch.EndOffset >= 0)
                {
                    _nextOffset[i] = batch.EndOffset;
                }
            }

            await MaybePunctuateAsync(force: false, ct).ConfigureAwait(false);
            await MaybeLiveSilenceAsync(ct).ConfigureAwait(false);
        }

        return RunEnd.InputsEnded;
    }

    private async Task ProcessAsync(int input, InputBatch batch, CancellationToken ct)
    {
        var stats = Stats[input];
        stats.Units += batch.Units;
        stats.Bytes += batch.Bytes;
        stats.AddSkipped(batch.SkippedByTable);
        stats.Source ??= batch.Source;
        _toldTime[input] |= batch.Watermark is not null;
        if (batch.Positions is { } positions)
        {
            foreach (var (key, position) in positions)
            {
                _carriedOffsets[key] = position; // checkpointed with this batch, handed back to the input on restore
            }
        }

        List<DeadLetter>? dead = batch.Rejects.Count > 0 ? [.. batch.Rejects] : null;
        foreach (var r in batch.Rejects)
        {
            stats.RejectedByReason[(int)r.Reason]++;
        }

        // Live inputs: arrival (processing) time bounds how far ahead event time may be and measures silence.
        var arrival = _live[input] ? _clock.GetUtcNow().ToUnixTimeMilliseconds() : long.MinValue;
        var events = batch.Events.Span;
        if (_live[input] && events.Length > 0)
        {
            _ingest.Arrived(input, arrival);
        }

        // The watermark advances event by event (not per batch), so whether a record is too late does not depend on
        // how the input happened to be batched. Each record first passes the input's guard against timestamps that run
        // too far ahead (AheadGuard): a suspect is held until the records after it confirm or contradict it.
        var guard = _guards[input];
        _pendingCapacity = Math.Max(MinPendingCapacity, events.Length + guard.Held);
        for (var k = 0; k < events.Length; k++)
        {
            ref readonly var e = ref events[k];
            if (guard.Offer(in e, arrival, _released, _ahead))
            {
                Admit(input, in e, ref dead);
            }

            Drain(input, ref dead);
        }

        if (batch.Watermark is { } told)
        {
            _tracker.Observe(input, told); // after the batch's records: they were judged against the time before them
        }
        else if (_live[input] && events.Length == 0 && batch.MaxTimeUnixMs != long.MinValue)
        {
            _tracker.Observe(input, Math.Min(batch.MaxTimeUnixMs, arrival)); // an empty scrape still moves live time
        }

        _ingest.Rejected(input, batch.RejectedRecords);
        stats.Events += events.Length;
        batch.Events.Dispose();
        if (dead is not null)
        {
            await _output.WriteAsync(new DeadLetters(dead), ct).ConfigureAwait(false);
        }

        await FlushPartitionsAsync(ct).ConfigureAwait(false);
        _batchesSincePunctuation++;
    }

    private async Task FlushPartitionsAsync(CancellationToken ct)
    {
        for (var p = 0; p < _pending.Length; p++)
        {
            if (_pending[p] is { Count: > 0 } buffer)
            {
                _pending[p] = null;
                await _partitions[p].WriteAsync(new PartitionMessage(buffer, 0, 0), ct).ConfigureAwait(false);
            }
        }
    }
}
