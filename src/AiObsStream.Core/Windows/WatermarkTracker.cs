namespace AiObsStream.Core.Windows;

/// <summary>
/// Tracks the watermark of a set of inputs: each input's watermark is its max event time minus the allowed disorder,
/// and the combined watermark is the minimum over inputs that have not finished (Flink's per-split watermarks).
/// </summary>
/// <remarks>Single-threaded (owned by the sequencer). The combined watermark never moves backwards.</remarks>
public sealed partial class WatermarkTracker
{
    private readonly long _disorderMs;
    private readonly List<long> _maxTime = [];
    private readonly List<bool> _finished = [];
    private readonly List<bool> _idle = [];
    private long _watermark = long.MinValue;

    /// <summary>Creates a tracker.</summary>
    public WatermarkTracker(TimeSpan allowedDisorder)
    {
        _disorderMs = (long)allowedDisorder.TotalMilliseconds;
    }

    /// <summary>The combined watermark (long.MinValue before any input has data; long.MaxValue when all finished).</summary>
    public long Watermark => _watermark;

    /// <summary>Registers an input and returns its index.</summary>
    public int AddInput()
    {
        _maxTime.Add(long.MinValue);
        _finished.Add(false);
        _idle.Add(false);
        Recompute();
        return _maxTime.Count - 1;
    }

    /// <summary>The max event time seen on an input (long.MinValue when none yet).</summary>
    public long MaxTimeOf(int input) => _maxTime[input];

    /// <summary>Whether an input has finished.</summary>
    public bool IsFinished(int input) => _finished[input];

    /// <summary>Records that an input has seen events up to <paramref name="maxTimeUnixMs"/>.</summary>
    /// <returns>True when the combined watermark advanced.</returns>
    public bool Observe(int input, long maxTimeUnixMs)
    {
        if (maxTimeUnixMs > _maxTime[input])
        {
            _maxTime[input] = maxTimeUnixMs;
        }

        return Recompute();
    }

    /// <summary>Marks an input finished: it no longer holds the watermark back.</summary>
    /// <returns>True when the combined watermark advanced.</returns>
    public bool Finish(int input)
    {
        _finished[input] = true;
        return Recompute();
    }

    /// <summary>Whether an input is idle (caught up, nothing pending).</summary>
    public bool IsIdle(int input) => _idle[input];

    /// <summary>
    /// Marks an input idle or active again. Idle inputs do not hold the watermark back (Flink's source idleness); when
    /// every unfinished input is idle the watermark stays where it is.
    /// </summary>
    /// <returns>True when the combined watermark advanced.</returns>
    public bool SetIdle(int input, bool idle)
    {
        _idle[input] = idle;
        return Recompute();
    }

    /// <summary>Moves the combined watermark forward to at least <paramref name="watermarkMs"/> (restore, forced flush).</summary>
    public void AdvanceTo(long watermarkMs)
    {
        if (watermarkMs > _watermark)
        {
            _watermark = watermarkMs;
        }
    }

    private bool Recompute()
    {
        var min = long.MaxValue;
        var anyIdle = false;
        for (var i = 0; i < _maxTime.Count; i++)
        {
            if (_finished[i])
            {
                continue;
            }

            if (_idle[i])
            {
                anyIdle = true;
                continue;
            }

            var wm = _maxTime[i] == long.MinValue ? long.MinValue : _maxTime[i] - _disorderMs;
            min = Math.Min(min, wm);
        }

        if (min == long.MaxValue && anyIdle)
        {
            return false; // everything left is idle: no evidence that event time moved on
        }

        if (min > _watermark)
        {
            _watermark = min;
            return true;
        }

        return false;
    }
}
