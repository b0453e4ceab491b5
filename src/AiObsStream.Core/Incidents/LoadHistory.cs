namespace AiObsStream.Core.Incidents;

/// <summary>
/// One deployment's recent load windows (a small ring): each new window is judged against the median of the previous
/// windows that were not surges themselves, so a long surge does not become its own baseline.
/// </summary>
internal sealed class LoadHistory(int capacity)
{
    // Grown on demand up to the capacity: most deployments of a short run hold one or two windows, and 22 reserved
    // windows are ~0.9 KB per deployment (4.4 MB at 5,000 deployments, held to the end of the run).
    private readonly List<LoadWindow> _windows = [];

    /// <summary>The windows held, oldest first.</summary>
    public IReadOnlyList<LoadWindow> Windows => _windows;

    /// <summary>Judges and records a window (windows arrive in start order; a repeated start replaces nothing and is ignored).</summary>
    public LoadWindow Add(long startMs, double requests, double http429, IncidentOptions options)
    {
        if (_windows.Count > 0 && _windows[^1].StartMs >= startMs)
        {
            return _windows[^1].StartMs == startMs ? _windows[^1] : default;
        }

        var baseline = Baseline(options);
        var ratio = baseline > 0 ? requests / baseline : double.NaN;
        var share = requests > 0 ? http429 / requests : 0;
        var surge = !double.IsNaN(ratio)
            && (ratio >= options.SurgeRatio || (share >= options.ThrottleShare && ratio >= options.ThrottledRiseRatio));
        var window = new LoadWindow(startMs, requests, http429, baseline, surge);
        Restore(window);
        return window;
    }

    /// <summary>Appends a window as saved (no judgement), dropping the oldest beyond the capacity.</summary>
    public void Restore(LoadWindow window)
    {
        if (_windows.Count == capacity)
        {
            _windows.RemoveAt(0);
        }
        else if (_windows.Count == _windows.Capacity)
        {
            _windows.Capacity = Math.Min(capacity, Math.Max(2, _windows.Capacity * 2)); // never more than the ring holds
        }

        _windows.Add(window);
    }

    /// <summary>Windows the ring has room for without growing (for tests).</summary>
    internal int Reserved => _windows.Capacity;

    /// <summary>The window starting at <paramref name="startMs"/>, when held.</summary>
    public bool TryGet(long startMs, out LoadWindow window)
    {
        for (var i = _windows.Count - 1; i >= 0; i--)
        {
            if (_windows[i].StartMs == startMs)
            {
                window = _windows[i];
                return true;
            }
        }

        window = default;
        return false;
    }

    private double Baseline(IncidentOptions options)
    {
        Span<double> values = stackalloc double[Math.Min(options.BaselineWindows, 32)];
        var n = 0;
        for (var i = _windows.Count - 1; i >= 0 && n < values.Length; i--)
        {
            if (!_windows[i].Surge)
            {
                values[n++] = _windows[i].Requests;
            }
        }

        if (n < options.MinBaselineWindows)
        {
            return double.NaN;
        }

        var used = values[..n];
        used.Sort();
        return n % 2 == 1 ? used[n / 2] : (used[(n / 2) - 1] + used[n / 2]) / 2;
    }
}
