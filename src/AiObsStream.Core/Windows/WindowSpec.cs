namespace AiObsStream.Core.Windows;

/// <summary>
/// Event-time windows aligned to the Unix epoch (so 1-minute windows match Azure's PT1M grain):
/// tumbling when <see cref="HopMs"/> equals <see cref="SizeMs"/>, hopping (overlapping) when the hop is smaller.
/// </summary>
/// <remarks>A window is the half-open interval [start, start + size); starts are multiples of the hop.</remarks>
public readonly record struct WindowSpec
{
    /// <summary>Creates a window specification.</summary>
    /// <param name="size">Window length.</param>
    /// <param name="hop">Distance between window starts; null for tumbling windows.</param>
    public WindowSpec(TimeSpan size, TimeSpan? hop = null)
    {
        var sizeMs = (long)size.TotalMilliseconds;
        var hopMs = (long)(hop ?? size).TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeMs, 1000, nameof(size));
        ArgumentOutOfRangeException.ThrowIfLessThan(hopMs, 1000, nameof(hop));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hopMs, sizeMs, nameof(hop));
        if (sizeMs % hopMs != 0)
        {
            throw new ArgumentException($"window size {size} must be a whole multiple of the hop {hop}", nameof(hop));
        }

        SizeMs = sizeMs;
        HopMs = hopMs;
    }

    /// <summary>Window length in milliseconds.</summary>
    public long SizeMs { get; }

    /// <summary>Hop in milliseconds (equal to the size for tumbling windows).</summary>
    public long HopMs { get; }

    /// <summary>True for tumbling (non-overlapping) windows.</summary>
    public bool IsTumbling => SizeMs == HopMs;

    /// <summary>How many windows contain each instant.</summary>
    public int WindowsPerEvent => (int)(SizeMs / HopMs);

    /// <summary>Window length in minutes (for per-minute rates such as RPM and TPM).</summary>
    public double SizeMinutes => SizeMs / 60_000.0;

    /// <summary>Start of the latest window containing <paramref name="timeUnixMs"/>.</summary>
    public long LatestStart(long timeUnixMs) => FloorDiv(timeUnixMs, HopMs) * HopMs;

    /// <summary>End of the latest window containing <paramref name="timeUnixMs"/> (the last to close).</summary>
    public long LatestEnd(long timeUnixMs) => LatestStart(timeUnixMs) + SizeMs;

    /// <summary>Writes the starts of every window containing <paramref name="timeUnixMs"/>, oldest first.</summary>
    /// <returns>The number of starts written (always <see cref="WindowsPerEvent"/>).</returns>
    public int AssignStarts(long timeUnixMs, Span<long> starts)
    {
        var n = WindowsPerEvent;
        var latest = LatestStart(timeUnixMs);
        for (var i = 0; i < n; i++)
        {
            starts[n - 1 - i] = latest - (i * HopMs);
        }

        return n;
    }

    /// <summary>Floor division that rounds toward negative infinity (times before 1970 are valid).</summary>
    /// <remarks>
    /// One division: the remainder is <c>a - q * b</c> (what <c>a % b</c> is), which the compiler did not derive from the
    /// quotient, so <c>a % b</c> cost a second 64-bit division, per event in the aggregator, the dedup filter and the
    /// ingest counts (perf: FloorDiv ~1.2 % of a one-deployment run).
    /// </remarks>
    public static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return a - (q * b) != 0 && (a ^ b) < 0 ? q - 1 : q;
    }
}
