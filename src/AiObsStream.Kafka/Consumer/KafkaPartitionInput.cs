using System.Threading.Channels;
using AiObsStream.Pipeline.Inputs;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Consumer;

/// <summary>The engine's view of one assigned partition: the source's poll thread writes its batches.</summary>
internal sealed class KafkaPartitionInput : IInput
{
    private readonly KafkaSource _source;
    private readonly TopicPartition _partition;
    private readonly Task _epochEnd;

    public KafkaPartitionInput(KafkaSource source, TopicPartition partition, string name, Task epochEnd)
    {
        _source = source;
        _partition = partition;
        _epochEnd = epochEnd;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Messages behind the partition's end.</summary>
    public long Lag => _source.LagOf(Name);

    public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
    {
        _source.Attach(_partition, output);
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
