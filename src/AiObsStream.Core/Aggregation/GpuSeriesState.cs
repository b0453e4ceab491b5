namespace AiObsStream.Core.Aggregation;

/// <summary>
/// Per-GPU state across windows for derived metrics: framebuffer percent needs FB_USED and FB_FREE of the same
/// sample time; ECC counters and the last-XID gauge are turned into increases and new codes in event-time order
/// (see <see cref="GpuSampleHistory"/>).
/// </summary>
internal sealed class GpuSeriesState
{
    public long FbUsedTime = long.MinValue;
    public double FbUsed;
    public long FbFreeTime = long.MinValue;
    public double FbFree;
    // Created on the first sample of their field: many exporters send neither ECC counters nor the XID gauge, and the
    // three empty histories cost about 290 bytes per GPU.
    private GpuSampleHistory? _dbe;
    private GpuSampleHistory? _sbe;
    private GpuSampleHistory? _xid;

    public GpuSampleHistory Dbe => _dbe ??= new();

    public GpuSampleHistory Sbe => _sbe ??= new();

    public GpuSampleHistory Xid => _xid ??= new();

    /// <summary>Writes the three histories (one not created yet is written as an empty one).</summary>
    public void SaveHistories(BinaryWriter w)
    {
        GpuSampleHistory.SaveOrEmpty(w, _dbe);
        GpuSampleHistory.SaveOrEmpty(w, _sbe);
        GpuSampleHistory.SaveOrEmpty(w, _xid);
    }

    /// <summary>Reads histories written by <see cref="SaveHistories"/> into this fresh state.</summary>
    public void RestoreHistories(BinaryReader r)
    {
        _dbe = GpuSampleHistory.RestoreOrNull(r);
        _sbe = GpuSampleHistory.RestoreOrNull(r);
        _xid = GpuSampleHistory.RestoreOrNull(r);
    }

    /// <summary>Counter increase from <paramref name="previous"/> to <paramref name="value"/>: a drop is a reset, so the new value is the increase.</summary>
    public static double CounterIncrease(double previous, double value) => value >= previous ? value - previous : value;

    /// <summary>Whether the last-XID gauge changing from <paramref name="previous"/> to <paramref name="value"/> is a new XID.</summary>
    public static bool IsNewXid(double previous, double value) => value != previous && value != 0;
}
