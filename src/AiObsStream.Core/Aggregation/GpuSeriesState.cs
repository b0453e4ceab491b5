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
    public readonly GpuSampleHistory Dbe = new();
    public readonly GpuSampleHistory Sbe = new();
    public readonly GpuSampleHistory Xid = new();

    /// <summary>Counter increase from <paramref name="previous"/> to <paramref name="value"/>: a drop is a reset, so the new value is the increase.</summary>
    public static double CounterIncrease(double previous, double value) => value >= previous ? value - previous : value;

    /// <summary>Whether the last-XID gauge changing from <paramref name="previous"/> to <paramref name="value"/> is a new XID.</summary>
    public static bool IsNewXid(double previous, double value) => value != previous && value != 0;
}
