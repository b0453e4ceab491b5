namespace AiObsStream.Core.Windows;

/// <summary>
/// Drops exact duplicates (same record identity) seen within the lateness horizon. Diagnostic exports are
/// at-least-once, so the same record may arrive twice; users must not see inflated counts.
/// </summary>
/// <remarks>
/// Keys are bucketed by event time so state is released as the watermark passes: memory is bounded by the number of
/// distinct records inside the lateness horizon. A duplicate always carries the same event time as its original, so
/// it lands in the same bucket. Single-threaded (one per partition).
/// </remarks>
public sealed partial class DedupFilter
{
    private readonly long _bucketMs;
    private readonly long _retentionMs;
    private readonly Dictionary<long, RecordKeySet> _buckets = [];
    private readonly Stack<RecordKeySet> _free = new();
    private readonly List<long> _expired = [];

    /// <summary>The bucket of the last key added and its set: records come in time order, so mostly the same bucket.</summary>
    private long _lastBucket;
    private RecordKeySet? _lastSet;

    /// <summary>Creates a filter keeping keys until the watermark passes their bucket end + <paramref name="retention"/>.</summary>
    public DedupFilter(TimeSpan bucket, TimeSpan retention)
    {
        _bucketMs = Math.Max(1000, (long)bucket.TotalMilliseconds);
        _retentionMs = (long)retention.TotalMilliseconds;
    }

    /// <summary>Number of keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Returns true the first time a key is seen; false for a duplicate. Key 0 means "no identity" (always true).</summary>
    public bool TryAdd(ulong key, long timeUnixMs)
    {
        if (key == 0)
        {
            return true;
        }

        var bucket = WindowSpec.FloorDiv(timeUnixMs, _bucketMs);
        var set = _lastSet;
        if (set is null || bucket != _lastBucket)
        {
            if (!_buckets.TryGetValue(bucket, out set))
            {
                set = _free.Count > 0 ? _free.Pop() : new RecordKeySet();
                _buckets[bucket] = set;
            }

            _lastBucket = bucket;
            _lastSet = set;
        }

        if (set.Add(key))
        {
            Count++;
            return true;
        }

        return false;
    }

    /// <summary>Drops the emptied sets kept for reuse (to the collector).</summary>
    public void ReleaseSpare() => _free.Clear();

    /// <summary>Releases buckets whose end plus retention is at or before the watermark.</summary>
    public void Expire(long watermarkMs)
    {
        foreach (var (bucket, _) in _buckets)
        {
            if (((bucket + 1) * _bucketMs) + _retentionMs <= watermarkMs)
            {
                _expired.Add(bucket);
            }
        }

        foreach (var bucket in _expired)
        {
            var set = _buckets[bucket];
            Count -= set.Count;
            set.Clear();
            _free.Push(set);
            _buckets.Remove(bucket);
        }

        if (_expired.Count > 0)
        {
            _lastSet = null; // it may have been released
        }

        _expired.Clear();
    }
}
