using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Consumer;

/// <summary>
/// One assigned topic partition on the consumer's poll thread: parses its messages into batches, queues them until the
/// engine's input channel has room, and marks the partition idle when it reaches its end.
/// </summary>
/// <remarks>Touched only by the poll thread, except <see cref="Lag"/> (read by the console and the sequencer).</remarks>
internal sealed class PartitionFeed : IDisposable
{
    private static readonly ParseError EmptyMessage = new(RejectReason.Malformed, "empty message (null or zero-length value)");
    private readonly BatchBuilder _builder;
    private readonly UnitRouter _router;
    private readonly ScaleOut.RepartitionDecoder? _decoder;
    private readonly Queue<InputBatch> _ready = new();
    private long _lag = -1;

    /// <param name="partition">The partition.</param>
    /// <param name="options">Parsing limits and the GPU → deployment map.</param>
    /// <param name="decoder">For a scale-out repartition partition: reads its envelopes instead of parsing telemetry.</param>
    public PartitionFeed(TopicPartition partition, InputOptions options, ScaleOut.RepartitionDecoder? decoder = null)
    {
        _decoder = decoder;
        Partition = partition;
        Name = NameOf(partition);
        _builder = new BatchBuilder(Name, options);
        _router = new UnitRouter(options);
    }

    public TopicPartition Partition { get; }

    /// <summary>The input name: <c>topic/partition</c> (dead letters carry it with the offset as position).</summary>
    public string Name { get; }

    public ChannelWriter<InputBatch>? Writer { get; set; }

    /// <summary>Batches parsed but not yet accepted by the engine.</summary>
    public int Queued => _ready.Count;

    public bool Paused { get; set; }

    /// <summary>Next offset to read (the last message seen + 1), -1 before the first message.</summary>
    public long NextOffset { get; private set; } = -1;

    public long LastMessageTicks { get; private set; }

    /// <summary>
    /// Where reading should begin (the task's checkpoint, or the group's committed offset, or 0), when the source checks
    /// for records the broker deleted before they were read; -1: no check.
    /// </summary>
    public long ExpectedStart { get; set; } = -1;

    /// <summary>Called once, on the poll thread, when the first message (or the end) lands after <see cref="ExpectedStart"/>: (expected, actual).</summary>
    public Action<PartitionFeed, long, long>? StartedLate { get; set; }

    /// <summary>Messages behind the partition's end (high watermark − next offset), -1 when unknown.</summary>
    public long Lag
    {
        get => Interlocked.Read(ref _lag);
        set => Interlocked.Exchange(ref _lag, value);
    }

    public static string NameOf(TopicPartition partition) => partition.Topic + "/" + partition.Partition.Value;

    public void Accept(Message<byte[]?, byte[]?> message, long offset, long nowTicks)
    {
        CheckStart(offset);
        var time = message.Timestamp.Type == TimestampType.NotAvailable ? 0 : message.Timestamp.UnixTimestampMs;
        var value = message.Value ?? [];
        if (_decoder is not null)
        {
            _decoder.Accept(_builder, message, offset);
        }
        else if (value.Length == 0)
        {
            // A null or empty value (a tombstone) is a message without a unit: the transport's reject, not a format's.
            _builder.Current.Units++;
            _builder.Reject(offset, EmptyMessage, value);
        }
        else
        {
            // Each message is one unit whose own bytes say its format (one topic may carry several kinds); samples
            // without timestamps take the message time.
            _router.Accept(_builder, value, offset, defaultTimeUnixMs: time);
        }

        _builder.Current.EndOffset = offset + 1;
        NextOffset = offset + 1;
        LastMessageTicks = nowTicks;
        if (_builder.IsFull)
        {
            _ready.Enqueue(_builder.Take());
        }
    }

    /// <summary>The partition's end was reached: hand over the partial batch and an idle marker.</summary>
    public void OnEnd(long offset)
    {
        if (NextOffset < 0)
        {
            CheckStart(offset);
            NextOffset = offset;
        }

        FlushPartial();

        // A repartition partition is only idle once every source partition is: reaching its end only means stage 1
        // has not sent more yet, and the engine must keep waiting for the sources that hold its watermark.
        if (_decoder is null || _decoder.AllIdle)
        {
            _ready.Enqueue(new InputBatch { Events = new Core.Events.EventBuffer(1), Idle = true, EndOffset = -1 });
        }
    }

    /// <summary>The first position read after an assignment: later than expected means the broker no longer had the records between.</summary>
    private void CheckStart(long offset)
    {
        if (NextOffset < 0 && ExpectedStart >= 0)
        {
            var expected = ExpectedStart;
            ExpectedStart = -1;
            if (offset > expected)
            {
                StartedLate?.Invoke(this, expected, offset);
            }
        }
    }

    /// <summary>Hands over a partial batch (end of partition, or nothing new for a while on a live stream).</summary>
    public void FlushPartial()
    {
        if (_builder.HasContent)
        {
            _ready.Enqueue(_builder.Take());
        }
    }

    /// <summary>Moves queued batches into the engine's channel while it has room.</summary>
    public void Drain()
    {
        if (Writer is not { } writer)
        {
            return;
        }

        while (_ready.TryPeek(out var batch) && writer.TryWrite(batch))
        {
            _ready.Dequeue();
        }
    }

    public void Dispose()
    {
        while (_ready.TryDequeue(out var batch))
        {
            batch.Events.Dispose();
        }

        _builder.Current.Events.Dispose();
        _router.Dispose();
    }
}
