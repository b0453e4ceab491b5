using System.Numerics;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <content>Watermark-driven emission of rows and recycling of closed windows.</content>
public sealed partial class WindowedAggregator
{
    private readonly List<long> _closed = [];

    /// <summary>
    /// Advances the watermark: fires windows whose end has passed (<see cref="RowKind.OnTime"/>), re-emits windows
    /// changed by late records (<see cref="RowKind.Correction"/>) and closes windows whose end + allowed lateness has
    /// passed (<see cref="RowKind.Final"/>), appending rows to <paramref name="output"/>.
    /// </summary>
    /// <param name="watermarkMs">The new watermark; long.MaxValue flushes everything (end of input).</param>
    /// <param name="output">Receives the emitted rows.</param>
    public void AdvanceWatermark(long watermarkMs, List<MetricRow> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (watermarkMs > _watermark)
        {
            _watermark = watermarkMs;
        }

        var wm = _watermark;
        var finalCut = wm == long.MinValue || wm == long.MaxValue ? wm : wm - _latenessMs;
        foreach (var (start, window) in _windows)
        {
            var end = start + _spec.SizeMs;
            if (!window.Fired && end <= wm)
            {
                // fires and closes at once: one final row that is also the on-time row (MergeOnTimeIntoFinal)
                var merged = end <= finalCut && MergeOnTimeIntoFinal && !OnTimeRowsOnly;
                EmitWindow(window, merged ? RowKind.Final : RowKind.OnTime, onlyDirty: false, output, alsoOnTime: merged);
                window.Fired = true;
                if (merged)
                {
                    _closed.Add(start);
                    continue;
                }
            }
            else if (window.Fired && window.AnyDirty)
            {
                EmitWindow(window, RowKind.Correction, onlyDirty: true, output);
            }

            if (end <= finalCut)
            {
                EmitWindow(window, RowKind.Final, onlyDirty: false, output);
                _closed.Add(start);
            }
        }

        foreach (var start in _closed)
        {
            Recycle(start);
        }

        _closed.Clear();
        _dedup.Expire(wm);
        if (wm == long.MaxValue)
        {
            // The end of the input: every later event is too late, so the accumulators, groups, windows and dedup sets
            // kept for the next windows would only be held, live, through the output stage's last tick, the run's
            // peak of memory (#12: ~5 MB for 20,000 series).
            _pool.Clear();
            _freeGroups.Clear();
            _freeWindows.Clear();
            _dedup.ReleaseSpare();
        }
    }

    private void EmitWindow(WindowState window, RowKind kind, bool onlyDirty, List<MetricRow> output, bool alsoOnTime = false)
    {
        var build = kind == RowKind.OnTime || !OnTimeRowsOnly;
        foreach (var (dims, group) in window.Groups)
        {
            if (onlyDirty && !group.Dirty)
            {
                continue;
            }

            if (kind == RowKind.Correction)
            {
                group.Revision++;
            }

            if (build)
            {
                EmitGroup(window.Start, dims, group, kind, alsoOnTime, output);
            }

            group.Dirty = false;
        }

        window.AnyDirty = false;
    }

    private void EmitGroup(long start, SeriesDims dims, DimsWindowGroup group, RowKind kind, bool alsoOnTime, List<MetricRow> output)
    {
        var requests = group.Get(FixedMetric.Requests)?.Count ?? 0;
        var k = 0;
        for (var present = group.FixedMask; present != 0; present &= present - 1)
        {
            var i = BitOperations.TrailingZeroCount(present);
            var acc = group.FixedAt(k++);
            var metric = (FixedMetric)i;
            var rate = FixedMetrics.HasRate(metric)
                ? (metric == FixedMetric.Requests ? acc.Count : acc.Sum) / _spec.SizeMinutes
                : double.NaN;
            var share = FixedMetrics.HasShare(metric) ? (requests > 0 ? (double)acc.Count / requests : 0) : double.NaN;
            output.Add(BuildRow(start, dims, FixedMetrics.Names[i], acc, group.Revision, kind, alsoOnTime, rate, share, _attachFixed[i]));
        }

        if (group.Dynamic is not null)
        {
            foreach (var (name, acc) in group.Dynamic)
            {
                var attach = acc.Percentiles && _attachSketches is { Count: > 0 } set && set.Contains(name);
                output.Add(BuildRow(start, dims, name, acc, group.Revision, kind, alsoOnTime, double.NaN, double.NaN, attach));
            }
        }
    }

    private MetricRow BuildRow(long start, SeriesDims dims, string metric, MetricAccumulator acc, int revision,
        RowKind kind, bool alsoOnTime, double rate, double share, bool attach)
    {
        var any = acc.Count > 0;
        var sketch = acc.Percentiles ? acc.Distribution(_scratch) : null;
        double p50 = double.NaN, p90 = double.NaN, p95 = double.NaN, p99 = double.NaN;
        if (any && sketch is not null)
        {
            sketch.GetReportedQuantiles(out p50, out p90, out p95, out p99);
        }

        return new MetricRow
        {
            WindowStartMs = start,
            WindowEndMs = start + _spec.SizeMs,
            Metric = metric,
            Dims = dims,
            ModelVersion = dims.ModelVersion,
            Count = acc.Count,
            Sum = acc.Sum,
            Min = any && double.IsFinite(acc.Min) ? acc.Min : double.NaN,
            Max = any && double.IsFinite(acc.Max) ? acc.Max : double.NaN,
            Mean = any ? acc.Sum / acc.Count : double.NaN,
            P50 = p50,
            P90 = p90,
            P95 = p95,
            P99 = p99,
            Rate = rate,
            Share = share,
            Revision = revision,
            Kind = kind,
            AlsoOnTime = alsoOnTime,
            Sketch = any && sketch is not null && (kind != RowKind.Final || alsoOnTime) && attach ? CopyOf(sketch) : null,
        };
    }

    private static Sketches.DDSketch CopyOf(Sketches.DDSketch sketch)
    {
        var copy = new Sketches.DDSketch(sketch.RelativeAccuracy, sketch.MaxBins);
        copy.MergeWith(sketch);
        return copy;
    }

    private void Recycle(long start)
    {
        (_lastGroup, _lastWindow, _lastDims) = (null, null, null); // its group may be this window's, now pooled
        var window = _windows[start];
        _windows.Remove(start);
        foreach (var group in window.Groups.Values)
        {
            group.ReturnTo(_pool);
            _freeGroups.Push(group);
        }

        window.Groups.Clear();
        _freeWindows.Push(window);
    }
}
