using System.Buffers;
using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Drift;

/// <summary>
/// The distributions of one signal of one model version of one deployment: the recent windows (the current
/// distribution), a bounded trailing baseline that skips excluded windows, the frozen previous-version reference,
/// and the alert lifecycle.
/// </summary>
/// <remarks>
/// Memory is bounded: at most RecentWindows + BaselineBuckets + 2 sketches, each at most about 33 KB (and typically
/// under 1 KB: scores take five bins). Single owner (the output stage), not thread-safe.
/// </remarks>
internal sealed class VersionDriftState
{
    private readonly List<(long Start, DDSketch Sketch, bool Excluded)> _recent = [];
    /// <summary>The closed baseline buckets, oldest first; null until the first closes (most streams are young: #12).</summary>
    private List<DDSketch>? _buckets;

    /// <summary>What an open baseline bucket is before its first window: a sketch per stream made only once needed (#12).</summary>
    private static readonly DDSketch NoWindows = new();

    /// <summary>What <see cref="Buckets"/> reads before the first bucket closes (never written to).</summary>
    private static readonly List<DDSketch> NoBuckets = [];

    /// <summary>The baseline bucket being filled; null until a window joins it.</summary>
    private DDSketch? _open;
    private int _openWindows;

    public VersionDriftState(string version, long firstWindowStart)
    {
        Version = version;
        FirstWindowStart = firstWindowStart;
        LastWindowStart = firstWindowStart;
    }

    public string Version { get; }

    public long FirstWindowStart { get; }

    public long LastWindowStart { get; set; }

    /// <summary>The previous version's distribution frozen when this version appeared, or null.</summary>
    public DDSketch? Reference { get; set; }

    /// <summary>The version the frozen reference comes from (empty without one).</summary>
    public string ReferenceVersion { get; set; } = string.Empty;

    /// <summary>Dimensions of the last row seen (copied into alerts).</summary>
    public SeriesDims? Dims { get; set; }

    public int FlagRun { get; set; }

    public int ClearRun { get; set; }

    public bool Firing { get; set; }

    public long StartsAt { get; set; }

    public string AlertId { get; set; } = string.Empty;

    public IReadOnlyList<(long Start, DDSketch Sketch, bool Excluded)> Recent => _recent;

    private List<DDSketch> Buckets => _buckets ?? NoBuckets;

    /// <summary>Adds a window; the window leaving the recent ring joins the baseline unless it was excluded.</summary>
    public void AddWindow(long start, DDSketch sketch, bool excluded, QualityDriftOptions options)
    {
        LastWindowStart = start;
        _recent.Add((start, sketch, excluded));
        if (_recent.Count <= options.RecentWindows)
        {
            return;
        }

        var (_, leaving, skip) = _recent[0];
        _recent.RemoveAt(0);
        if (skip)
        {
            return;
        }

        (_open ??= new DDSketch()).MergeWith(leaving);
        if (++_openWindows >= options.BaselineBucketWindows)
        {
            (_buckets ??= []).Add(_open);
            _open = null;
            _openWindows = 0;
            if (_buckets.Count > options.BaselineBuckets)
            {
                _buckets.RemoveAt(0);
            }
        }
    }

    /// <summary>Marks every recent window as excluded from the future baseline (they hold a flagged shift).</summary>
    public void ExcludeRecent()
    {
        for (var i = 0; i < _recent.Count; i++)
        {
            _recent[i] = _recent[i] with { Excluded = true };
        }
    }

    /// <summary>The number of values in <see cref="Current"/>, without merging.</summary>
    public long CurrentCount()
    {
        long n = 0;
        foreach (var (_, sketch, _) in _recent)
        {
            n += sketch.Count;
        }

        return n;
    }

    /// <summary>The number of values in <see cref="Baseline"/>, without merging.</summary>
    public long BaselineCount()
    {
        var n = _open?.Count ?? 0;
        foreach (var b in Buckets)
        {
            n += b.Count;
        }

        return n;
    }

    /// <summary>The current distribution: the recent windows merged.</summary>
    public DDSketch Current()
    {
        var s = new DDSketch();
        foreach (var (_, sketch, _) in _recent)
        {
            s.MergeWith(sketch);
        }

        return s;
    }

    /// <summary>The trailing baseline: the kept buckets and the open one merged.</summary>
    public DDSketch Baseline()
    {
        var s = new DDSketch();
        foreach (var b in Buckets)
        {
            s.MergeWith(b);
        }

        s.MergeWith(_open ?? NoWindows);
        return s;
    }

    /// <summary>Everything this version holds (baseline and recent windows): the reference a next version gets.</summary>
    public DDSketch Everything()
    {
        var s = Baseline();
        s.MergeWith(Current());
        return s;
    }

    public void Save(BinaryWriter w)
    {
        w.Write(Version);
        w.Write(FirstWindowStart);
        w.Write(LastWindowStart);
        w.Write(Reference is not null);
        if (Reference is not null)
        {
            WriteSketch(w, Reference);
        }

        w.Write(ReferenceVersion);
        StateIo.WriteDims(w, Dims);
        w.Write(FlagRun);
        w.Write(ClearRun);
        w.Write(Firing);
        w.Write(StartsAt);
        w.Write(AlertId);
        w.Write(_recent.Count);
        foreach (var (start, sketch, excluded) in _recent)
        {
            w.Write(start);
            w.Write(excluded);
            WriteSketch(w, sketch);
        }

        w.Write(Buckets.Count);
        foreach (var b in Buckets)
        {
            WriteSketch(w, b);
        }

        w.Write(_openWindows);
        WriteSketch(w, _open ?? NoWindows);
    }

    public static VersionDriftState Restore(BinaryReader r)
    {
        var state = new VersionDriftState(r.ReadString(), r.ReadInt64()) { LastWindowStart = r.ReadInt64() };
        state.Reference = r.ReadBoolean() ? ReadSketch(r) : null;
        state.ReferenceVersion = r.ReadString();
        state.Dims = StateIo.ReadDims(r);
        state.FlagRun = r.ReadInt32();
        state.ClearRun = r.ReadInt32();
        state.Firing = r.ReadBoolean();
        state.StartsAt = r.ReadInt64();
        state.AlertId = r.ReadString();
        var recent = ReadCount(r);
        for (var i = 0; i < recent; i++)
        {
            var start = r.ReadInt64();
            var excluded = r.ReadBoolean();
            state._recent.Add((start, ReadSketch(r), excluded));
        }

        var buckets = ReadCount(r);
        for (var i = 0; i < buckets; i++)
        {
            (state._buckets ??= []).Add(ReadSketch(r));
        }

        state._openWindows = r.ReadInt32();
        state._open = ReadSketch(r);
        return state;
    }

    private static int ReadCount(BinaryReader r)
    {
        var n = r.ReadInt32();
        return n is >= 0 and <= 100_000 ? n : throw new InvalidDataException($"drift state: invalid count {n}");
    }

    private static void WriteSketch(BinaryWriter w, DDSketch sketch)
    {
        var buffer = new ArrayBufferWriter<byte>(sketch.GetMaxSerializedSize());
        sketch.WriteTo(buffer);
        w.Write(buffer.WrittenCount);
        w.Write(buffer.WrittenSpan);
    }

    private static DDSketch ReadSketch(BinaryReader r)
    {
        var length = r.ReadInt32();
        if (length is < 0 or > 1 << 24)
        {
            throw new InvalidDataException($"drift state: invalid sketch length {length}");
        }

        ReadOnlySpan<byte> bytes = r.ReadBytes(length);
        if (!DDSketch.TryReadFrom(ref bytes, out var sketch, out var error))
        {
            throw new InvalidDataException("drift state: " + error);
        }

        return sketch;
    }
}
