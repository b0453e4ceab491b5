namespace AiObsStream.Core.Aggregation;

/// <summary>
/// Per-GPU state across windows for derived metrics: framebuffer percent needs FB_USED and FB_FREE of the same
/// sample time; ECC counters and the last-XID gauge are turned into increases.
/// </summary>
internal sealed class GpuSeriesState
{
    public long FbUsedTime = long.MinValue;
    public double FbUsed;
    public long FbFreeTime = long.MinValue;
    public double FbFree;
    public long DbeTime = long.MinValue;
    public double LastDbe = double.NaN;
    public long SbeTime = long.MinValue;
    public double LastSbe = double.NaN;
    public long XidTime = long.MinValue;
    public double LastXid = double.NaN;

    /// <summary>Counter increase in event-time order; a drop is a reset (the new value is the increase).</summary>
    /// <returns>The increase, or NaN for the first sample or an out-of-order sample (no baseline).</returns>
    public static double CounterIncrease(ref long lastTime, ref double last, long time, double value)
    {
        if (time <= lastTime)
        {
            return double.NaN;
        }

        var previous = last;
        lastTime = time;
        last = value;
        if (double.IsNaN(previous))
        {
            return double.NaN;
        }

        return value >= previous ? value - previous : value;
    }
}
