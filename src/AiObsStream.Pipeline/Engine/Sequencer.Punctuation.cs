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
        var bucket = _bucketWindow?.LatestStart(wm) ?? 0;
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
        await _output.WriteAsync(new SequencerTick(_seq, watermark, rows) { Alerts = SecurityAlerts(watermark) }, ct).ConfigureAwait(false);
        foreach (var p in _partitions)
        {
            await p.WriteAsync(new PartitionMessage(null, _seq, watermark), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ingestion health rows at this punctuation: the inputs' final event-time windows and silences (see
    /// <see cref="IngestHealth"/>), plus <c>ingest_lag</c> of live inputs once per hop-sized bucket the watermark passed.
    /// </summary>
    private List<MetricRow> IngestRows(long watermark)
    {
        var rows = _ingest.Rows(watermark, _clock.GetUtcNow().ToUnixTimeMilliseconds(), Stats);
        var hop = _time.Window.HopMs;
        if (watermark == long.MaxValue || watermark == long.MinValue)
        {
            return rows;
        }

        var end = WindowSpec.FloorDiv(watermark, hop) * hop;
        if (end <= _lagBucket)
        {
            return rows;
        }

        var bucket = _lagBucket; // the first hop-sized bucket after the last reading (one row however far the watermark moved)
        _lagBucket = end;
        if (bucket == long.MinValue)
        {
            return rows;
        }

        foreach (var s in Stats)
        {
            if (!s.Finished && s.Source is { } source && s.Lag is var lag and >= 0)
            {
                var dims = DimsPool.Shared.Intern(new DimsKey(source, string.Empty, string.Empty, string.Empty,
                    string.Empty, s.Name, string.Empty, string.Empty));
                IngestHealth.AddBoth(rows, IngestHealth.Row(bucket, hop, DefaultRules.IngestLag, dims, lag, lag, double.NaN));
            }
        }

        return rows;
    }

    /// <summary>Live inputs: writes silence rows as soon as one is due (processing time), without waiting for the watermark.</summary>
    private async Task MaybeLiveSilenceAsync(CancellationToken ct)
    {
        var wm = _tracker.Watermark;
        if (wm == long.MinValue || !_ingest.SilenceDue(_clock.GetUtcNow().ToUnixTimeMilliseconds(), Stats))
        {
            return;
        }

        await FlushPartitionsAsync(ct).ConfigureAwait(false);
        await PunctuateAsync(wm, ct).ConfigureAwait(false);
    }
}
