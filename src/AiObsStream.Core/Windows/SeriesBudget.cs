using AiObsStream.Core.Events;

namespace AiObsStream.Core.Windows;

/// <summary>
/// The cardinality budget: counts the active series (those that can still hold open-window state) and refuses a
/// record that would open one more than <see cref="MaxActiveSeries"/>, so a label explosion cannot exhaust memory.
/// </summary>
/// <remarks>
/// <para>
/// A series is what every operator keys its per-series state by: the interned dimensions, plus the metric name for
/// platform metrics and evaluations (whose names are open-ended, so an explosion of names counts like one of labels).
/// It is active from its first admitted record until no open window can still receive it: the watermark passed the
/// end of the newest window holding its newest record plus the allowed lateness, exactly when the aggregator recycles
/// that window (see <see cref="EventTimeOptions.IsTooLate"/>). Records of an active series are always admitted.
/// </para>
/// <para>
/// One budget for the whole engine, applied by the single-threaded sequencer in its deterministic event order before
/// records are routed to partitions: which records are refused then depends only on the input, never on thread timing
/// or on the number of partitions (a per-partition share would change with the partition count, and a shared atomic
/// counter with the partitions' interleaving). Memory: one dictionary entry and a few heap entries per active series.
/// </para>
/// <para>Not thread-safe (single owner).</para>
/// </remarks>
public sealed class SeriesBudget
{
    private readonly EventTimeOptions _time;
    private readonly Dictionary<SeriesKey, long> _expiry = [];

    // Expiry times, possibly stale (a series' expiry only moves later; a popped entry that no longer matches is skipped).
    private readonly PriorityQueue<SeriesKey, long> _queue = new();
    private SeriesKey _last;
    private long _lastExpiry = long.MinValue;

    /// <summary>Creates a budget of <paramref name="maxActiveSeries"/> series under <paramref name="time"/>'s windows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxActiveSeries"/> is not positive.</exception>
    public SeriesBudget(int maxActiveSeries, EventTimeOptions time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxActiveSeries);
        ArgumentNullException.ThrowIfNull(time);
        MaxActiveSeries = maxActiveSeries;
        _time = time;
    }

    /// <summary>The most series active at once.</summary>
    public int MaxActiveSeries { get; }

    /// <summary>Series active now (as of the last call).</summary>
    public int ActiveSeries => _expiry.Count;

    /// <summary>The most series that were active at once.</summary>
    public int PeakActiveSeries { get; private set; }

    /// <summary>
    /// Admits <paramref name="e"/> (already known not to be late at <paramref name="watermarkMs"/>) when its series is
    /// active or there is room for one more; false when it would exceed the budget.
    /// </summary>
    public bool TryAdmit(in TelemetryEvent e, long watermarkMs)
    {
        var key = new SeriesKey(e.Dims, e.Kind is EventKind.MetricPoint or EventKind.Evaluation ? e.Metric : null);
        var expiry = _time.Window.LatestEnd(e.TimeUnixMs) + _time.AllowedLatenessMs;

        // Consecutive records of one series (the usual shape of a file) skip the dictionary.
        if (expiry <= _lastExpiry && key.Equals(_last) && _lastExpiry > watermarkMs)
        {
            return true;
        }

        Expire(watermarkMs);
        if (_expiry.TryGetValue(key, out var held))
        {
            if (expiry > held)
            {
                _expiry[key] = expiry;
                _queue.Enqueue(key, expiry);
            }
            else
            {
                expiry = held;
            }
        }
        else
        {
            if (_expiry.Count >= MaxActiveSeries)
            {
                return false;
            }

            _expiry.Add(key, expiry);
            _queue.Enqueue(key, expiry);
            PeakActiveSeries = Math.Max(PeakActiveSeries, _expiry.Count);
        }

        _last = key;
        _lastExpiry = expiry;
        return true;
    }

    /// <summary>Forgets the series whose every window has closed at <paramref name="watermarkMs"/>.</summary>
    public void Expire(long watermarkMs)
    {
        while (_queue.TryPeek(out var key, out var at) && at <= watermarkMs)
        {
            _queue.Dequeue();
            if (_expiry.TryGetValue(key, out var current) && current == at)
            {
                _expiry.Remove(key);
            }
        }

        if (_lastExpiry <= watermarkMs)
        {
            _last = default;
            _lastExpiry = long.MinValue;
        }
    }

    /// <summary>Writes the active series and their expiry times (in a deterministic order).</summary>
    public void Save(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write(_expiry.Count);
        foreach (var (key, at) in _expiry.OrderBy(p => p.Value).ThenBy(p => p.Key.Dims.StableHash)
            .ThenBy(p => p.Key.Metric, StringComparer.Ordinal))
        {
            State.StateIo.WriteDims(w, key.Dims);
            State.StateIo.WriteNullable(w, key.Metric);
            w.Write(at);
        }
    }

    /// <summary>Reads series written by <see cref="Save"/> into this empty budget.</summary>
    /// <exception cref="InvalidDataException">The data is implausible.</exception>
    public void Restore(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var n = State.StateFrame.ReadCount(r, "active series");
        for (var i = 0; i < n; i++)
        {
            var dims = State.StateIo.ReadDims(r)
                ?? throw new InvalidDataException("series budget checkpoint: a series without dimensions");
            var key = new SeriesKey(dims, State.StateIo.ReadNullable(r));
            var at = r.ReadInt64();
            State.StateFrame.Check(_expiry.TryAdd(key, at), "series budget checkpoint: a series is listed twice");
            _queue.Enqueue(key, at);
        }

        PeakActiveSeries = Math.Max(PeakActiveSeries, _expiry.Count);
    }

    private readonly record struct SeriesKey(SeriesDims Dims, string? Metric);
}
