using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <content>
/// GPU fields derived from consecutive samples (ECC counter increases, new XID codes) in event-time order, whatever
/// order the samples arrive in.
/// </content>
/// <remarks>
/// Rule: a sample's derived value compares it with the previous sample of its series in event time (the first sample is
/// only a baseline; a repeated time is ignored). In order, that is computed incrementally. A sample that arrives before
/// a later one (one GPU's scrapes spread over Kafka partitions, batches of several inputs overlapping in time, a replay
/// after a restore) changes its own derived value and its successor's: the open windows holding either are recomputed
/// from the series' <see cref="GpuSampleHistory"/>, so the rows equal those of an in-order run.
/// </remarks>
public sealed partial class WindowedAggregator
{
    private Derived DeriveOrdered(in TelemetryEvent e, GpuSampleHistory history, FixedMetric slot)
    {
        history.Prune(_options, _watermark);
        var at = history.Insert(e.TimeUnixMs, e.Value);
        if (at < 0)
        {
            return new(DerivedMode.EnsureRow, slot, 0); // a repeated time: the first sample of it counts
        }

        if (at < history.Count - 1)
        {
            return new(DerivedMode.Reorder, slot, 0); // before a sample already applied (even as the new earliest)
        }

        if (at == 0)
        {
            return new(DerivedMode.EnsureRow, slot, 0); // the first sample is only a baseline
        }

        var previous = history.ValueAt(at - 1);
        if (slot != FixedMetric.Xid)
        {
            return new(DerivedMode.AddValue, slot, GpuSeriesState.CounterIncrease(previous, e.Value));
        }

        // The gauge holds the last XID code; a change to a non-zero code is a new XID. The first sample is only a
        // baseline: an XID from before we started watching is not announced as new.
        return GpuSeriesState.IsNewXid(previous, e.Value)
            ? new(DerivedMode.NewXid, slot, e.Value, CriticalXids.Contains((int)e.Value))
            : new(DerivedMode.EnsureRow, slot, 0);
    }

    /// <summary>Recomputes the open windows of a sample that arrived out of order and of its successor.</summary>
    private void Reorder(in TelemetryEvent e, FixedMetric slot)
    {
        var gpu = Gpu(e.Dims);
        var history = slot switch
        {
            FixedMetric.EccDbe => gpu.Dbe,
            FixedMetric.EccSbe => gpu.Sbe,
            _ => gpu.Xid,
        };
        var at = history.LowerBound(e.TimeUnixMs);
        RebuildWindowsOf(e.Dims, slot, history, e.TimeUnixMs);
        if (at + 1 < history.Count && _spec.LatestStart(history.TimeAt(at + 1)) != _spec.LatestStart(e.TimeUnixMs))
        {
            RebuildWindowsOf(e.Dims, slot, history, history.TimeAt(at + 1));
        }
    }

    private void RebuildWindowsOf(SeriesDims dims, FixedMetric slot, GpuSampleHistory history, long time)
    {
        Span<long> starts = stackalloc long[MaxWindowsPerEvent];
        var n = _spec.AssignStarts(time, starts);
        for (var w = 0; w < n; w++)
        {
            if (starts[w] + _spec.SizeMs + _latenessMs > _watermark)
            {
                RebuildWindow(GetGroup(starts[w], dims), slot, history, starts[w]);
            }
        }
    }

    /// <summary>Replaces the window's accumulator(s) of <paramref name="slot"/> by the derivation over the history.</summary>
    private void RebuildWindow(DimsWindowGroup group, FixedMetric slot, GpuSampleHistory history, long start)
    {
        var acc = Clear(group, slot);
        var critical = slot == FixedMetric.Xid ? Clear(group, FixedMetric.XidCritical) : null;
        var end = start + _spec.SizeMs;
        for (var i = Math.Max(1, history.LowerBound(start)); i < history.Count && history.TimeAt(i) < end; i++)
        {
            var (previous, value) = (history.ValueAt(i - 1), history.ValueAt(i));
            if (critical is null)
            {
                acc.Add(GpuSeriesState.CounterIncrease(previous, value));
            }
            else if (GpuSeriesState.IsNewXid(previous, value))
            {
                acc.Add(value);
                if (CriticalXids.Contains((int)value))
                {
                    critical.Add(value);
                }
            }
        }
    }

    private MetricAccumulator Clear(DimsWindowGroup group, FixedMetric metric)
    {
        var acc = Slot(group, metric);
        var revision = acc.Revision;
        acc.Reset();
        acc.Revision = revision;
        return acc;
    }
}
