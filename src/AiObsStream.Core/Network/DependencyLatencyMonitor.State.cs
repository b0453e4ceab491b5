using AiObsStream.Core.State;

namespace AiObsStream.Core.Network;

/// <content>
/// Saved state: every dependency series (open windows, baselines, alert states), the model side's open windows per
/// deployment, and the closed-through mark, so that a restored monitor judges the following windows exactly as one
/// that never stopped.
/// </content>
public sealed partial class DependencyLatencyMonitor
{
    private const byte StateVersion = 1;

    /// <summary>Writes the whole state as a framed, checksummed <c>DEPL</c> section.</summary>
    public void SaveState(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        StateFrame.Write(w, "DEPL", StateVersion, this, static (b, m) => m.WriteBody(b));
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into this freshly made monitor (same options).</summary>
    /// <exception cref="InvalidDataException">The section is truncated, corrupt, of another version, or does not fit the options.</exception>
    public void RestoreState(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StateFrame.Read(r, "DEPL", StateVersion, "dependency monitor", this, static (b, m) => m.ReadBody(b));
    }

    private static void WriteWindows(BinaryWriter w, SortedDictionary<long, LatencyWindow> open)
    {
        w.Write(open.Count);
        foreach (var (start, window) in open)
        {
            w.Write(start);
            window.Save(w);
        }
    }

    private void ReadWindows(BinaryReader r, SortedDictionary<long, LatencyWindow> open)
    {
        var n = StateFrame.ReadCount(r, "open latency windows", 1 << 20);
        for (var i = 0; i < n; i++)
        {
            var start = r.ReadInt64();
            StateFrame.Check(_openWindows.Contains(start), $"latency window {start} is not among the open windows");
            open.Add(start, LatencyWindow.Read(r));
        }
    }

    private void WriteBody(BinaryWriter w)
    {
        w.Write(Late);
        w.Write(Untracked);
        w.Write(_closedThrough);
        w.Write(_openWindows.Count);
        foreach (var start in _openWindows)
        {
            w.Write(start);
        }

        w.Write(_ordered.Count);
        foreach (var s in _ordered)
        {
            w.Write(s.Deployment);
            w.Write(s.Target);
            w.Write(s.Operation);
            w.Write(s.ModelName);
            w.Write(s.ModelVersion);
            w.Write(s.Paired);
            w.Write(s.Windows);
            foreach (var b in (ReadOnlySpan<Baseline>)[s.PathBase, s.P50Base, s.JitterBase])
            {
                w.Write(b.Mean);
                w.Write(b.Samples);
            }

            foreach (var a in s.Alerts)
            {
                w.Write(a.Firing);
                w.Write(a.StartsAt);
                w.Write(a.AlertId);
            }

            WriteWindows(w, s.Open);
        }

        w.Write(_models.Count);
        foreach (var (deployment, open) in _models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            w.Write(deployment);
            WriteWindows(w, open);
        }
    }

    private void ReadBody(BinaryReader r)
    {
        StateFrame.Check(_series.Count == 0 && _models.Count == 0 && _openWindows.Count == 0, "a dependency monitor is restored only when fresh");
        Late = r.ReadInt64();
        Untracked = r.ReadInt64();
        _closedThrough = r.ReadInt64();
        var windows = StateFrame.ReadCount(r, "open windows", 1 << 20);
        for (var i = 0; i < windows; i++)
        {
            var start = r.ReadInt64();
            StateFrame.Check(start > _closedThrough && _openWindows.Add(start), $"open window {start} is closed or repeated");
        }

        _minOpen = _openWindows.Count == 0 ? long.MaxValue : _openWindows.Min;

        var series = StateFrame.ReadCount(r, "dependency series", _options.MaxTargets);
        for (var k = 0; k < series; k++)
        {
            var deployment = StateCodec.Canonical(r.ReadString());
            var target = r.ReadString();
            var operation = StateCodec.Canonical(r.ReadString());
            var s = new DependencySeries(string.Concat(deployment, "\n", target, "\n", operation), deployment, target, operation)
            {
                ModelName = StateCodec.Canonical(r.ReadString()),
                ModelVersion = StateCodec.Canonical(r.ReadString()),
                Paired = r.ReadBoolean(),
                Windows = r.ReadInt32(),
                PathBase = ReadBaseline(r),
                P50Base = ReadBaseline(r),
                JitterBase = ReadBaseline(r),
            };
            foreach (var a in s.Alerts)
            {
                a.Firing = r.ReadBoolean();
                a.StartsAt = r.ReadInt64();
                a.AlertId = r.ReadString();
            }

            ReadWindows(r, s.Open);
            StateFrame.Check(_ordered.Count == 0 || string.CompareOrdinal(_ordered[^1].Key, s.Key) < 0, "dependency series out of order");
            _series.Add((deployment, target, operation), s);
            _ordered.Add(s);
        }

        var models = StateFrame.ReadCount(r, "model deployments", _options.MaxTargets);
        for (var k = 0; k < models; k++)
        {
            var open = new SortedDictionary<long, LatencyWindow>();
            _models.Add(StateCodec.Canonical(r.ReadString()), open);
            ReadWindows(r, open);
        }
    }

    private static Baseline ReadBaseline(BinaryReader r)
    {
        var b = new Baseline { Mean = r.ReadDouble(), Samples = r.ReadInt32() };
        StateFrame.Check(b.Samples >= 0, $"a baseline has {b.Samples} samples");
        return b;
    }
}
