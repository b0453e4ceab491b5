namespace AiObsStream.Cli.Report;

/// <summary>How the values that fall into one chart point combine.</summary>
internal enum Merge
{
    /// <summary>The mean of the values (rates, shares, gauges).</summary>
    Mean,

    /// <summary>The largest value (percentiles and peaks: downsampling must not hide a spike).</summary>
    Max,

    /// <summary>The total (counts, spend).</summary>
    Sum,
}

/// <summary>
/// One chart line with bounded memory: values by time, merged per point. While it has at most <see cref="MaxPoints"/>
/// distinct times every value keeps its own point; past that the series is re-bucketed to a width that fits
/// <see cref="MaxPoints"/> over its span (and again, doubling, as it grows), so a week of minute windows costs the same
/// as an hour. Values at the same time (several GPUs in one window, several rows of one window) always merge.
/// </summary>
internal sealed class TimeSeries(Merge merge, int maxPoints = TimeSeries.DefaultMaxPoints)
{
    /// <summary>Points per chart line: more than a chart's width in pixels would show.</summary>
    public const int DefaultMaxPoints = 600;

    private Dictionary<long, Acc> _points = [];
    private long _min = long.MaxValue;
    private long _max = long.MinValue;

    public Merge Merge { get; } = merge;

    public int MaxPoints { get; } = maxPoints >= 2 ? maxPoints : throw new ArgumentOutOfRangeException(nameof(maxPoints));

    /// <summary>Width of a point in ms; 0 while every time keeps its own point.</summary>
    public long BucketMs { get; private set; }

    /// <summary>Values added (not points).</summary>
    public long Values { get; private set; }

    public int Count => _points.Count;

    /// <summary>Adds a value at a time (Unix ms); NaN and infinities are ignored (a row without the statistic).</summary>
    public void Add(long timeMs, double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        Values++;
        _min = Math.Min(_min, timeMs);
        _max = Math.Max(_max, timeMs);
        var key = Key(timeMs);
        _points[key] = _points.TryGetValue(key, out var acc) ? acc.With(value) : new Acc(value, 1, value);
        if (_points.Count > MaxPoints)
        {
            Rebucket();
        }
    }

    /// <summary>The points in time order: (time ms, merged value).</summary>
    public IReadOnlyList<(long Time, double Value)> Points() =>
        [.. _points.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Value(Merge)))];

    private long Key(long t) => BucketMs == 0 ? t : t - Mod(t, BucketMs);

    private static long Mod(long t, long m) => ((t % m) + m) % m;

    private void Rebucket()
    {
        // The smallest width of the form 1 s × 2^k that brings the span to at most MaxPoints points.
        var width = Math.Max(BucketMs * 2, 1000);
        // + 2: buckets are aligned to multiples of the width, so the span may touch one more than span / width + 1.
        while ((_max - _min) / width + 2 > MaxPoints)
        {
            width *= 2;
        }

        BucketMs = width;
        var old = _points;
        _points = [];
        foreach (var (t, acc) in old)
        {
            var key = Key(t);
            _points[key] = _points.TryGetValue(key, out var a) ? a.Combine(acc) : acc;
        }
    }

    private readonly record struct Acc(double Sum, long N, double Max)
    {
        public Acc With(double v) => new(Sum + v, N + 1, Math.Max(Max, v));

        public Acc Combine(Acc o) => new(Sum + o.Sum, N + o.N, Math.Max(Max, o.Max));

        public double Value(Merge m) => m switch
        {
            Merge.Sum => Sum,
            Merge.Max => Max,
            _ => Sum / N,
        };
    }
}
