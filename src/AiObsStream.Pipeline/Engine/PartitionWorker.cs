using System.Threading.Channels;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Pipeline.Engine;

/// <summary>Runs one partition's aggregator: events in, rows out at every punctuation. Owns its state alone (no locks).</summary>
internal sealed class PartitionWorker
{
    private readonly int _index;
    private readonly WindowedAggregator _aggregator;
    private readonly WindowedAggregator? _detection;

    public PartitionWorker(int index, EngineOptions options)
    {
        _index = index;
        _aggregator = new WindowedAggregator(options.EventTime);
        _aggregator.AttachSketches = options.Drift.Enabled ? new Core.Drift.DriftSketchSet(options.Drift) : null; // quality drift
        if (options.Anomaly.Enabled && options.Anomaly.Metrics.Count > 0)
        {
            _detection = new WindowedAggregator(options.DetectionTime, options.Anomaly.Metrics);
        }
    }

    public WindowedAggregator Aggregator => _aggregator;

    public async Task RunAsync(ChannelReader<PartitionMessage> input, ChannelWriter<OutputMessage> output, CancellationToken ct)
    {
        await foreach (var message in input.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (message.Events is { } events)
            {
                _aggregator.Process(events.Span);
                _detection?.Process(events.Span);
                events.Dispose();
                continue;
            }

            var rows = new List<MetricRow>();
            _aggregator.AdvanceWatermark(message.Watermark, rows);
            var detection = new List<MetricRow>();
            if (_detection is not null)
            {
                _detection.AdvanceWatermark(message.Watermark, detection);
                detection.RemoveAll(r => r.Kind != RowKind.OnTime);
            }

            await output.WriteAsync(new PartitionRows(message.Seq, _index, rows, detection), ct).ConfigureAwait(false);
        }
    }
}
