using System.Threading.Channels;
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
    private readonly BatchBuilder _builder;
    private readonly MessageParsers _parsers;
    private readonly Queue<InputBatch> _ready = new();
    private long _lag = -1;

    public PartitionFeed(TopicPartition partition, InputOptions options)
    {
        Partition = partition;
        Name = NameOf(partition);
        _builder = new BatchBuilder(Name, options);
        _parsers = new MessageParsers(options);
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

    /// <summary>Messages behind the partition's end (high watermark − next offset), -1 when unknown.</summary>
    public long Lag
    {
        get => Interlocked.Read(ref _lag);
        set => Interlocked.Exchange(ref _lag, value);
    }

    public static string NameOf(TopicPartition partition) => partition.Topic + "/" + partition.Partition.Value;

    public void Accept(Message<byte[]?, byte[]?> message, long offset, long nowTicks)
    {
        var time = message.Timestamp.Type == TimestampType.NotAvailable ? 0 : message.Timestamp.UnixTimestampMs;
        _parsers.Accept(_builder, message.Value ?? [], offset, time);
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
            NextOffset = offset;
        }

        FlushPartial();
        _ready.Enqueue(new InputBatch { Events = new Core.Events.EventBuffer(1), Idle = true, EndOffset = -1 });
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
        _parsers.Dispose();
    }
}
