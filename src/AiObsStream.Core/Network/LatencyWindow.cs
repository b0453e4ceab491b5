using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Network;

/// <summary>
/// The latencies of one series in one window: a DDSketch for p50/p95 and the running jitter, the mean absolute
/// difference of consecutive latencies in the order added (event time: the monitor is fed in event time) (the
/// per-packet <c>|D(i-1,i)|</c> of RFC 3550 §6.4.1, averaged
/// over the window instead of smoothed with gain 1/16, so that a window stands on its own).
/// </summary>
internal sealed partial class LatencyWindow
{
    private readonly DDSketch _sketch = new(0.01, 1024);
    private double _last = double.NaN;
    private double _absDiffs;
    private long _diffs;

    /// <summary>Latencies added.</summary>
    public long Count => _sketch.Count;

    /// <summary>The mean absolute difference of consecutive latencies; NaN with fewer than two.</summary>
    public double Jitter => _diffs == 0 ? double.NaN : _absDiffs / _diffs;

    /// <summary>Adds one latency (milliseconds, not negative).</summary>
    public void Add(double latencyMs)
    {
        _sketch.Add(latencyMs);
        if (!double.IsNaN(_last))
        {
            _absDiffs += Math.Abs(latencyMs - _last);
            _diffs++;
        }

        _last = latencyMs;
    }

    /// <summary>The <paramref name="q"/> quantile; NaN when empty.</summary>
    public double Quantile(double q) => _sketch.IsEmpty ? double.NaN : _sketch.GetQuantile(q);
}
