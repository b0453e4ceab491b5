using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Pipeline.Engine;

/// <content>Watermark punctuations and ingestion-health rows.</content>
internal sealed partial class Sequencer
{
    private async Task MaybePunctuateAsync(bool force, CancellationToken ct)
    {
        var wm = _tracker.Watermark;
        if (wm == long.MinValue)
        {
            return;
        }

        var spec = _time.Window;
        var fire = spec.LatestStart(wm);
        var close = wm == long.MaxValue ? long.MaxValue : spec.LatestStart(wm - _time.AllowedLatenessMs);
        var bucket = _options.Anomaly.Enabled ? _options.DetectionTime.Window.LatestStart(wm) : 0;
        if (force || fire != _lastFireStart || close != _lastCloseStart || bucket != _lastBucketStart
            || _batchesSincePunctuation >= _options.PunctuateEveryBatches)
        {
            _lastFireStart = fire;
            _lastCloseStart = close;
            _lastBucketStart = bucket;
            await PunctuateAsync(wm, ct).ConfigureAwait(false);
        }
    }

    private async Task PunctuateAsync(long watermark, CancellationToken ct)
    {
        _batchesSincePunctuation = 0;
        _seq++;
        var rows = IngestRows(watermark);
        await _output.WriteAsync(new SequencerTick(_seq, watermark, rows), ct).ConfigureAwait(false);
        foreach (var p in _partitions)
        {
            await p.WriteAsync(new PartitionMessage(null, _seq, watermark), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ingestion health per input, attributed by arrival to the hop-sized bucket whose end the watermark just passed:
    /// <c>ingest_records</c> (Count = records accepted) and <c>ingest_rejected</c> (Count = records + rejects seen,
    /// Sum = rejected, Share = rejected / seen). Finished inputs stop reporting (a file that ended is not silent).
    /// </summary>
    private List<MetricRow> IngestRows(long watermark)
    {
        var rows = new List<MetricRow>();
        var hop = _time.Window.HopMs;
        var end = watermark == long.MaxValue ? long.MinValue : WindowSpec.FloorDiv(watermark, hop) * hop;
        if (_ingestWindowEnd == long.MinValue)
        {
            _ingestWindowEnd = end;
            return rows;
        }

        var first = true;
        while (end != long.MinValue && _ingestWindowEnd < end)
        {
            _ingestWindowEnd += hop;
            foreach (var s in Stats)
            {
                if (s.Finished || s.Source is null)
                {
                    continue;
                }

                var accepted = first ? s.WindowAccepted : 0;
                var rejected = first ? s.WindowRejected : 0;
                var dims = DimsPool.Shared.Intern(new DimsKey(s.Source.Value, string.Empty, string.Empty, string.Empty,
                    string.Empty, s.Name, string.Empty, string.Empty));
                AddBoth(rows, Row(_ingestWindowEnd - hop, hop, DefaultRules.IngestRecords, dims, accepted, accepted, double.NaN));
                var seen = accepted + rejected;
                AddBoth(rows, Row(_ingestWindowEnd - hop, hop, DefaultRules.IngestRejected, dims, seen, rejected,
                    seen > 0 ? (double)rejected / seen : 0));
                if (first && s.Lag is var lag and >= 0)
                {
                    AddBoth(rows, Row(_ingestWindowEnd - hop, hop, DefaultRules.IngestLag, dims, lag, lag, double.NaN));
                }
            }

            if (first)
            {
                foreach (var s in Stats)
                {
                    s.WindowAccepted = 0;
                    s.WindowRejected = 0;
                }
            }

            first = false;
        }

        return rows;
    }

    private static void AddBoth(List<MetricRow> rows, MetricRow row)
    {
        rows.Add(row);
        rows.Add(row with { Kind = RowKind.Final });
    }

    private static MetricRow Row(long start, long size, string metric, SeriesDims dims, long count, double sum, double share) => new()
    {
        WindowStartMs = start,
        WindowEndMs = start + size,
        Metric = metric,
        Dims = dims,
        ModelVersion = string.Empty,
        Count = count,
        Sum = sum,
        Min = double.NaN,
        Max = double.NaN,
        Mean = double.NaN,
        Share = share,
        Kind = RowKind.OnTime,
    };
}
