using AiObsStream.Core.State;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Aggregation;

/// <summary>
/// The recent samples of one GPU field whose derived value depends on the previous sample (ECC counters, the last-XID
/// gauge), kept in event-time order so the derivation follows event time, not arrival order.
/// </summary>
/// <remarks>
/// Samples reach the aggregator in arrival order, which differs between transports (a file, one Kafka message per
/// scrape spread over partitions, a replay after a restore). Everything else the aggregator computes is
/// order-independent within the allowed lateness; these fields are too because a sample that arrives before a later one
/// is inserted at its place and the windows it and its successor belong to are recomputed from this history. Bounded:
/// every sample that can still be in an open window, plus the newest older one (the predecessor of the oldest).
/// </remarks>
internal sealed class GpuSampleHistory
{
    private readonly List<long> _times = [];
    private readonly List<double> _values = [];

    /// <summary>Samples held.</summary>
    public int Count => _times.Count;

    /// <summary>Event time of sample <paramref name="index"/> (ascending).</summary>
    public long TimeAt(int index) => _times[index];

    /// <summary>Value of sample <paramref name="index"/>.</summary>
    public double ValueAt(int index) => _values[index];

    /// <summary>Inserts a sample at its event-time position.</summary>
    /// <returns>Its index, or -1 when a sample of the same time is already held (a repeat: ignored, the first one counts).</returns>
    public int Insert(long time, double value)
    {
        var at = LowerBound(time);
        if (at < _times.Count && _times[at] == time)
        {
            return -1;
        }

        _times.Insert(at, time);
        _values.Insert(at, value);
        return at;
    }

    /// <summary>Index of the first sample at or after <paramref name="time"/> (<see cref="Count"/> when none).</summary>
    public int LowerBound(long time)
    {
        if (_times.Count == 0 || _times[^1] < time)
        {
            return _times.Count; // the usual case: samples arrive in order
        }

        int lo = 0, hi = _times.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_times[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Forgets samples no open window can need: those too late at <paramref name="watermark"/>, except the newest of
    /// them, the predecessor of the oldest sample a window can still receive. (A sample that is not too late is newer
    /// than every too-late one, since lateness grows with event time.)
    /// </summary>
    public void Prune(EventTimeOptions options, long watermark)
    {
        var drop = 0;
        while (drop + 1 < _times.Count && options.IsTooLate(_times[drop + 1], watermark))
        {
            drop++;
        }

        if (drop > 0)
        {
            _times.RemoveRange(0, drop);
            _values.RemoveRange(0, drop);
        }
    }

    /// <summary>Writes the samples.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_times.Count);
        for (var i = 0; i < _times.Count; i++)
        {
            w.Write(_times[i]);
            w.Write(_values[i]);
        }
    }

    /// <summary>Writes the samples of <paramref name="history"/>; null (never created) is written as an empty history.</summary>
    public static void SaveOrEmpty(BinaryWriter w, GpuSampleHistory? history)
    {
        if (history is null)
        {
            w.Write(0);
            return;
        }

        history.Save(w);
    }

    /// <summary>Reads samples written by <see cref="Save"/> into this empty history.</summary>
    /// <exception cref="InvalidDataException">The count is implausible or the times are not strictly ascending.</exception>
    public void Restore(BinaryReader r) => ReadSamples(r, StateFrame.ReadCount(r, "GPU samples"));

    /// <summary>Reads samples written by <see cref="Save"/>: a new history, or null when there are none.</summary>
    /// <exception cref="InvalidDataException">The count is implausible or the times are not strictly ascending.</exception>
    public static GpuSampleHistory? RestoreOrNull(BinaryReader r)
    {
        var n = StateFrame.ReadCount(r, "GPU samples");
        if (n == 0)
        {
            return null;
        }

        var history = new GpuSampleHistory();
        history.ReadSamples(r, n);
        return history;
    }

    private void ReadSamples(BinaryReader r, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var time = r.ReadInt64();
            StateFrame.Check(_times.Count == 0 || time > _times[^1], "GPU samples are not in ascending time order");
            _times.Add(time);
            _values.Add(r.ReadDouble());
        }
    }
}
