using System.Numerics;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Aggregation;

/// <content>Checkpoint of open windows, per-GPU derivation state, counters, watermark and de-duplication.</content>
/// <remarks>
/// Windows are written in start order and each window's series groups in their map's enumeration order, which is
/// the order rows are emitted in (a window's group map only grows until the window is recycled, so re-inserting in
/// that order restores it exactly). Pools and free lists are not state. Sketches use DDSketch's own checkpoint format.
/// </remarks>
public sealed partial class WindowedAggregator
{
    private const string StateTag = "WAGG";
    // 2: per-GPU ECC/XID sample histories (event-time order) instead of the last sample only.
    // 3: network counter histories after the GPU series.
    private const byte StateVersion = 3;

    /// <summary>Writes the aggregator's complete mutable state.</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._spec.SizeMs);
        w.Write(self._spec.HopMs);
        w.Write(self._latenessMs);
        w.Write(self._watermark);
        w.Write(self.Duplicates);
        w.Write(self.LateDropped);
        w.Write(self.Accepted);
        self._dedup.SaveState(w);
        self.SaveGpus(w);
        self.SaveNetwork(w);
        w.Write(self._windows.Count);
        foreach (var (start, window) in self._windows)
        {
            w.Write(start);
            w.Write(window.Fired);
            w.Write(window.AnyDirty);
            w.Write(window.Groups.Count);
            foreach (var (dims, group) in window.Groups)
            {
                StateIo.WriteDims(w, dims);
                SaveGroup(w, group, self._scratch);
            }
        }
    });

    /// <summary>
    /// Replaces this aggregator's state with one written by <see cref="SaveState"/> (by an aggregator with the same
    /// window, lateness and metric options). Call on a fresh instance; on failure the instance must be discarded.
    /// </summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt, of another version or other options.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(WindowedAggregator), this, static (r, self) =>
    {
        var (size, hop, lateness) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
        StateFrame.Check(size == self._spec.SizeMs && hop == self._spec.HopMs && lateness == self._latenessMs,
            $"window {size}/{hop} ms, lateness {lateness} ms differ from this aggregator's {self._spec.SizeMs}/{self._spec.HopMs}/{self._latenessMs} ms");
        foreach (var start in self._windows.Keys.ToList())
        {
            self.Recycle(start);
        }

        self._watermark = r.ReadInt64();
        self.Duplicates = r.ReadInt64();
        self.LateDropped = r.ReadInt64();
        self.Accepted = r.ReadInt64();
        self._dedup.RestoreState(r);
        self.RestoreGpus(r);
        self.RestoreNetwork(r);
        var windows = StateFrame.ReadCount(r, "windows", 1 << 20);
        for (var i = 0; i < windows; i++)
        {
            var window = new WindowState { Start = r.ReadInt64(), Fired = r.ReadBoolean(), AnyDirty = r.ReadBoolean() };
            StateFrame.Check(!self._windows.ContainsKey(window.Start), "a window is repeated");
            var groups = StateFrame.ReadCount(r, "series groups");
            for (var g = 0; g < groups; g++)
            {
                var dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("series group without dimensions");
                StateFrame.Check(window.Groups.TryAdd(dims, RestoreGroup(r)), "a series group is repeated");
            }

            self._windows.Add(window.Start, window);
        }
    });

    private void SaveGpus(BinaryWriter w)
    {
        var gpus = new List<KeyValuePair<SeriesDims, GpuSeriesState>>(_gpus);
        gpus.Sort(static (a, b) => SeriesDimsOrder.Instance.Compare(a.Key, b.Key));
        w.Write(gpus.Count);
        foreach (var (dims, s) in gpus)
        {
            StateIo.WriteDims(w, dims);
            w.Write(s.FbUsedTime);
            w.Write(s.FbUsed);
            w.Write(s.FbFreeTime);
            w.Write(s.FbFree);
            s.SaveHistories(w);
        }
    }

    private void RestoreGpus(BinaryReader r)
    {
        _gpus.Clear();
        var n = StateFrame.ReadCount(r, "GPU series");
        for (var i = 0; i < n; i++)
        {
            var dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("GPU series without dimensions");
            var s = new GpuSeriesState
            {
                FbUsedTime = r.ReadInt64(),
                FbUsed = r.ReadDouble(),
                FbFreeTime = r.ReadInt64(),
                FbFree = r.ReadDouble(),
            };
            s.RestoreHistories(r);
            StateFrame.Check(_gpus.TryAdd(dims, s), "a GPU series is repeated");
        }
    }

    private static void SaveGroup(BinaryWriter w, DimsWindowGroup group, Sketches.DDSketch scratch)
    {
        w.Write(group.Dirty);
        w.Write(group.Revision);
        var mask = group.FixedMask;
        w.Write(mask);
        for (var k = 0; k < BitOperations.PopCount(mask); k++)
        {
            SaveAccumulator(w, group.FixedAt(k), scratch);
        }

        w.Write(group.Dynamic?.Count ?? 0);
        if (group.Dynamic is not null)
        {
            foreach (var (name, acc) in group.Dynamic)
            {
                w.Write(name);
                SaveAccumulator(w, acc, scratch);
            }
        }
    }

    private static DimsWindowGroup RestoreGroup(BinaryReader r)
    {
        var group = new DimsWindowGroup { Dirty = r.ReadBoolean(), Revision = r.ReadInt32() };
        var mask = r.ReadUInt32();
        StateFrame.Check(mask >> FixedMetrics.Count == 0, $"fixed-metric mask {mask:x} names unknown metrics");
        for (var i = 0; i < FixedMetrics.Count; i++)
        {
            if ((mask & (1u << i)) != 0)
            {
                var acc = RestoreAccumulator(r);
                StateFrame.Check(acc.Percentiles == FixedMetrics.HasPercentiles((FixedMetric)i),
                    $"{FixedMetrics.Names[i]}: sketch presence does not match the metric");
                group.Add((FixedMetric)i, acc);
            }
        }

        var dynamic = StateFrame.ReadCount(r, "dynamic metrics");
        if (dynamic > 0)
        {
            group.Dynamic = new Dictionary<string, MetricAccumulator>(dynamic, StringComparer.Ordinal);
            for (var i = 0; i < dynamic; i++)
            {
                var name = StateCodec.Canonical(r.ReadString());
                StateFrame.Check(group.Dynamic.TryAdd(name, RestoreAccumulator(r)), $"dynamic metric '{name}' is repeated");
            }
        }

        return group;
    }

    private static void SaveAccumulator(BinaryWriter w, MetricAccumulator acc, Sketches.DDSketch scratch)
    {
        w.Write(acc.Count);
        w.Write(acc.Sum);
        w.Write(acc.Min);
        w.Write(acc.Max);
        w.Write(acc.Revision);
        StateCodec.WriteSketch(w, acc.Percentiles ? acc.Distribution(scratch) : null); // the same bytes inline or not
    }

    private static MetricAccumulator RestoreAccumulator(BinaryReader r)
    {
        var (count, sum, min, max, revision) = (r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadInt32());
        var sketch = StateCodec.ReadSketch(r);
        return new MetricAccumulator
        {
            Count = count,
            Sum = sum,
            Min = min,
            Max = max,
            Revision = revision,
            Sketch = sketch,
            Percentiles = sketch is not null,
        };
    }
}
