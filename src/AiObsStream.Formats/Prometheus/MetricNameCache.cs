using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Maps UTF-8 metric names to interned strings without transcoding on a hit; seeded with <see cref="DcgmFields"/> so
/// that known fields come back as those very constants.
/// </summary>
/// <remarks>
/// A short linear list (exposition families are few and arrive in runs, and names of different lengths are rejected
/// on the length test). Beyond <see cref="Capacity"/> names go through the <see cref="StringPool"/>. Not thread-safe.
/// </remarks>
internal sealed class MetricNameCache
{
    /// <summary>Most names held in the list.</summary>
    public const int Capacity = 64;

    private readonly StringPool _pool;
    private readonly byte[][] _utf8 = new byte[Capacity][];
    private readonly string[] _names = new string[Capacity];
    private int _count;
    private int _lastHit;

    /// <summary>Creates a cache that falls back to <paramref name="pool"/>.</summary>
    public MetricNameCache(StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        Add(DcgmFields.GpuUtil);
        Add(DcgmFields.MemCopyUtil);
        Add(DcgmFields.FbUsed);
        Add(DcgmFields.FbFree);
        Add(DcgmFields.GpuTemp);
        Add(DcgmFields.PowerUsage);
        Add(DcgmFields.SmClock);
        Add(DcgmFields.EccDbeVolTotal);
        Add(DcgmFields.EccSbeVolTotal);
        Add(DcgmFields.XidErrors);
    }

    /// <summary>Returns the interned name for <paramref name="utf8"/>.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_utf8[_lastHit].AsSpan().SequenceEqual(utf8))
        {
            return _names[_lastHit];
        }

        for (var i = 0; i < _count; i++)
        {
            var candidate = _utf8[i];
            if (candidate.Length == utf8.Length && candidate.AsSpan().SequenceEqual(utf8))
            {
                _lastHit = i;
                return _names[i];
            }
        }

        var name = _pool.Get(utf8);
        if (_count < Capacity)
        {
            Add(name);
        }

        return name;
    }

    private void Add(string name)
    {
        _utf8[_count] = Encoding.UTF8.GetBytes(name);
        _names[_count] = name;
        _count++;
    }
}
