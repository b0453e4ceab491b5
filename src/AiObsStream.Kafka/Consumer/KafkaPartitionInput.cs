using System.Threading.Channels;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Kafka.Consumer;

/// <summary>The engine's view of one assigned partition: the source's poll thread writes its batches.</summary>
internal sealed class KafkaPartitionInput : IInput
{
    private readonly KafkaSource _source;
    private readonly PartitionFeed _feed;
    private readonly Task _epochEnd;

    public KafkaPartitionInput(KafkaSource source, PartitionFeed feed, Task epochEnd)
    {
        _source = source;
        _feed = feed;
        _epochEnd = epochEnd;
        Name = feed.Name;
    }

    public string Name { get; }

    /// <summary>A partition is live: its silence is measured in processing time.</summary>
    public bool IsLive => true;

    /// <summary>Messages behind the partition's end.</summary>
    public long Lag => _feed.Lag; // written by the poll thread, read interlocked

    public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
    {
        _source.Attach(_feed.Partition, output);
        try
        {
            // The partition feeds the engine until the run stops (the engine cancels its inputs then) or a rebalance.
            await _epochEnd.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }

        output.TryComplete();
    }
}
