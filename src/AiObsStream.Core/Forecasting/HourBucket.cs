namespace AiObsStream.Core.Forecasting;

/// <summary>What the final rows of one hour added to a forecast series.</summary>
internal sealed class HourBucket
{
    /// <summary>
    /// Distinct window starts among the rows, ascending: a sorted array instead of a <c>HashSet&lt;long&gt;</c> (~170 B
    /// for one window, in every series: #12, memory per request series). Rows come in window order, so adding is
    /// mostly an append.
    /// </summary>
    private long[] _windows = [];

    /// <summary>Sum of the rows' values (window means for utilization, per-minute rates for loads).</summary>
    public double Sum;

    /// <summary>Rows added.</summary>
    public int Rows;

    /// <summary>The number of distinct window starts added.</summary>
    public int WindowCount { get; private set; }

    /// <summary>The distinct window starts added, ascending.</summary>
    public ReadOnlySpan<long> Windows => _windows.AsSpan(0, WindowCount);

    /// <summary>Adds a window start (a repeated one is counted once); false when it was there already.</summary>
    public bool AddWindow(long start)
    {
        var n = WindowCount;
        var i = n > 0 && _windows[n - 1] < start ? ~n : Array.BinarySearch(_windows, 0, n, start);
        if (i >= 0)
        {
            return false;
        }

        i = ~i;
        if (n == _windows.Length)
        {
            Array.Resize(ref _windows, Math.Max(2, n * 2));
        }

        Array.Copy(_windows, i, _windows, i + 1, n - i);
        _windows[i] = start;
        WindowCount = n + 1;
        return true;
    }
}
