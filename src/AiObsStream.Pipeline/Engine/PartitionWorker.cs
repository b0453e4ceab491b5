using System.Text;
using System.Threading.Channels;
using AiObsStream.Core.State;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Pipeline.Engine;

/// <summary>Runs one partition's aggregator: events in, rows out at every punctuation. Owns its state alone (no locks).</summary>
internal sealed class PartitionWorker
{
    private readonly int _index;
    private readonly WindowedAggregator _aggregator;
    private readonly WindowedAggregator? _detection;
    private readonly RowListPool _rowLists;

    public PartitionWorker(int index, EngineOptions options, RowListPool? rowLists = null)
    {
        _index = index;
        _rowLists = rowLists ?? new RowListPool(0);
        _aggregator = new WindowedAggregator(options.EventTime)
        {
            AttachSketches = options.AttachSketches,

            // One row for a window that fires and closes at once: the output stage hands it to on-time and final
            // readers alike. Not with --emit updates, whose sinks get on-time rows and must not see a final one early.
            MergeOnTimeIntoFinal = options.MetricsEmit == MetricsEmitPolicy.Final && options.MergeOnTimeIntoFinal,
        };
        if (options.Anomaly.Enabled && options.Anomaly.Metrics.Count > 0)
        {
            // The anomaly detectors read only the on-time bucket rows: the others are not built at all.
            _detection = new WindowedAggregator(options.DetectionTime, options.Anomaly.Metrics) { OnTimeRowsOnly = true };
        }
    }

    public WindowedAggregator Aggregator => _aggregator;

    /// <summary>Saves the partition's window, dedup and detection-bucket state.</summary>
    public byte[] SaveState()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteHeader(w, "PART", 1);
            w.Write(_index);
            _aggregator.SaveState(w);
            w.Write(_detection is not null);
            _detection?.SaveState(w);
        }

        return buffer.ToArray();
    }

    /// <summary>Restores state saved by <see cref="SaveState"/> into this freshly created worker.</summary>
    public void RestoreState(byte[] state)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            StateIo.ReadHeader(r, "PART", 1);
            var index = r.ReadInt32();
            if (index != _index)
            {
                throw new InvalidDataException($"partition checkpoint section belongs to partition {index}, not {_index}");
            }

            _aggregator.RestoreState(r);
            var hasDetection = r.ReadBoolean();
            if (hasDetection != (_detection is not null))
            {
                throw new InvalidDataException("partition checkpoint was taken with anomaly detection " +
                    (hasDetection ? "enabled" : "disabled") + "; the configuration now says otherwise");
            }

            _detection?.RestoreState(r);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"partition {_index} checkpoint section is truncated", ex);
        }
    }

    public async Task RunAsync(ChannelReader<PartitionMessage> input, ChannelWriter<OutputMessage> output, CancellationToken ct)
    {
        await foreach (var message in input.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (message.Barrier is not null)
            {
                await output.WriteAsync(new PartitionRows(message.Seq, _index, _rowLists.Rent(), _rowLists.Rent()) { State = SaveState() }, ct).ConfigureAwait(false);
                continue;
            }

            if (message.Events is { } events)
            {
                _aggregator.Process(events.Span);
                _detection?.Process(events.Span);
                events.Dispose();
                continue;
            }

            // pooled lists: the output stage copies the rows into its tick and returns them
            var rows = _rowLists.Rent();
            _aggregator.AdvanceWatermark(message.Watermark, rows);
            var detection = _rowLists.Rent();
            if (_detection is not null)
            {
                _detection.AdvanceWatermark(message.Watermark, detection);
            }

            await output.WriteAsync(new PartitionRows(message.Seq, _index, rows, detection), ct).ConfigureAwait(false);
        }
    }
}
