using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Aggregation;

/// <content>
/// Network fields (<see cref="NetworkFields"/>): gauges go straight into their metric; counters become increases
/// (or rates over the seconds between samples) in event-time order, by the same rule and the same reorder handling
/// as the GPU counters (<see cref="GpuSampleHistory"/>). Their metrics are named slots (the fixed-slot mask has room for
/// only a few more metrics), so they cost nothing for a fleet that exports none of them.
/// </content>
public sealed partial class WindowedAggregator
{
    private readonly Dictionary<NetworkSeriesKey, GpuSampleHistory> _network = [];

    private Derived DeriveNetwork(in TelemetryEvent e)
    {
        if (!NetworkFields.TryGet(e.Metric!, out var field)
            || (_dynamicFilter is not null && !_dynamicFilter.Contains(field.Metric)))
        {
            return default;
        }

        if (field.Mode == NetworkFieldMode.Gauge)
        {
            return new(DerivedMode.AddValue, default, e.Value, Net: field);
        }

        var key = new NetworkSeriesKey(e.Dims, field.Source);
        if (!_network.TryGetValue(key, out var history))
        {
            history = new GpuSampleHistory();
            _network.Add(key, history);
        }

        history.Prune(_options, _watermark);
        var at = history.Insert(e.TimeUnixMs, e.Value);
        if (at < 0 || (at == 0 && history.Count == 1))
        {
            // A repeated time (the first sample of it counts) or the first sample (only a baseline): an error counter
            // still gets its row, so "0 errors" is visible; a rate has no value yet.
            return field.Mode == NetworkFieldMode.Increase ? new(DerivedMode.EnsureRow, default, 0, Net: field) : default;
        }

        return at < history.Count - 1
            ? new(DerivedMode.Reorder, default, 0, Net: field) // before a sample already applied (even as the new earliest)
            : new(DerivedMode.AddValue, default, NetworkValue(field.Mode, history, at), Net: field);
    }

    /// <summary>The value sample <paramref name="index"/> (not the first) contributes: the increase, or the increase per second.</summary>
    private static double NetworkValue(NetworkFieldMode mode, GpuSampleHistory history, int index)
    {
        var increase = GpuSeriesState.CounterIncrease(history.ValueAt(index - 1), history.ValueAt(index));
        if (mode != NetworkFieldMode.Rate)
        {
            return increase;
        }

        var seconds = (history.TimeAt(index) - history.TimeAt(index - 1)) / 1000.0;
        return increase / seconds; // times are strictly ascending in a history, so seconds > 0
    }

    private void ApplyNetwork(in Derived derived, DimsWindowGroup group)
    {
        var acc = DynamicSlot(group, derived.Net.Metric, derived.Net.Percentiles);
        if (derived.Mode == DerivedMode.AddValue && double.IsFinite(derived.Value))
        {
            acc.Add(derived.Value);
        }
    }

    /// <summary>Recomputes the open windows of a network sample that arrived out of order and of its successor.</summary>
    private void ReorderNetwork(in TelemetryEvent e, NetworkField field)
    {
        var history = _network[new NetworkSeriesKey(e.Dims, field.Source)];
        var at = history.LowerBound(e.TimeUnixMs);
        RebuildNetworkWindowsOf(e.Dims, field, e.TimeUnixMs);
        if (at + 1 < history.Count && _spec.LatestStart(history.TimeAt(at + 1)) != _spec.LatestStart(e.TimeUnixMs))
        {
            RebuildNetworkWindowsOf(e.Dims, field, history.TimeAt(at + 1));
        }
    }

    private void RebuildNetworkWindowsOf(SeriesDims dims, NetworkField field, long time)
    {
        Span<long> starts = stackalloc long[MaxWindowsPerEvent];
        var n = _spec.AssignStarts(time, starts);
        for (var w = 0; w < n; w++)
        {
            if (starts[w] + _spec.SizeMs + _latenessMs > _watermark)
            {
                RebuildNetworkWindow(GetGroup(starts[w], dims), dims, field, starts[w]);
            }
        }
    }

    /// <summary>Replaces the window's value of the field's metric by the derivation over every counter that feeds it.</summary>
    private void RebuildNetworkWindow(DimsWindowGroup group, SeriesDims dims, NetworkField field, long start)
    {
        var acc = DynamicSlot(group, field.Metric, field.Percentiles);
        var revision = acc.Revision;
        acc.Reset();
        acc.Revision = revision;
        var end = start + _spec.SizeMs;
        foreach (var source in NetworkFields.SourcesOf(field.Metric))
        {
            if (!_network.TryGetValue(new NetworkSeriesKey(dims, source), out var history))
            {
                continue; // a gauge, or a counter this series does not export
            }

            for (var i = Math.Max(1, history.LowerBound(start)); i < history.Count && history.TimeAt(i) < end; i++)
            {
                acc.Add(NetworkValue(field.Mode, history, i));
            }
        }
    }

    /// <summary>Writes the network counter histories, sorted by series and counter so the bytes do not depend on arrival.</summary>
    private void SaveNetwork(BinaryWriter w)
    {
        var entries = new List<KeyValuePair<NetworkSeriesKey, GpuSampleHistory>>(_network);
        entries.Sort(static (a, b) =>
        {
            var bySeries = SeriesDimsOrder.Instance.Compare(a.Key.Dims, b.Key.Dims);
            return bySeries != 0 ? bySeries : string.CompareOrdinal(a.Key.Source, b.Key.Source);
        });
        w.Write(entries.Count);
        foreach (var (key, history) in entries)
        {
            StateIo.WriteDims(w, key.Dims);
            w.Write(key.Source);
            history.Save(w);
        }
    }

    private void RestoreNetwork(BinaryReader r)
    {
        _network.Clear();
        var n = StateFrame.ReadCount(r, "network counters");
        for (var i = 0; i < n; i++)
        {
            var dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("network counter without dimensions");
            var source = r.ReadString();
            StateFrame.Check(NetworkFields.TryGet(source, out var field) && field.Mode != NetworkFieldMode.Gauge,
                $"'{source}' is not a network counter");
            var history = new GpuSampleHistory();
            history.Restore(r);
            StateFrame.Check(_network.TryAdd(new NetworkSeriesKey(dims, field.Source), history), "a network counter is repeated");
        }
    }
}
