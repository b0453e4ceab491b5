using System.Threading.Channels;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Pipeline.Engine;

/// <summary>Runs one partition's aggregator: events in, rows out at every punctuation. Owns its state alone (no locks).</summary>
internal sealed class PartitionWorker
{
    private readonly int _index;
    private readonly WindowedAggregator _aggregator;

    public PartitionWorker(int index, EngineOptions options)
    {
        _index = index;
        _aggregator = new WindowedAggregator(options.EventTime);
    }

    public WindowedAggregator Aggregator => _aggregator;

    public async Task RunAsync(ChannelReader<PartitionMessage> input, ChannelWriter<OutputMessage> output, CancellationToken ct)
    {
        await foreach (var message in input.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (message.Events is { } events)
            {
                _aggregator.Process(events.Span);
                events.Dispose();
                continue;
            }

            var rows = new List<MetricRow>();
            _aggregator.AdvanceWatermark(message.Watermark, rows);
            await output.WriteAsync(new PartitionRows(message.Seq, _index, rows), ct).ConfigureAwait(false);
        }
    }
}
