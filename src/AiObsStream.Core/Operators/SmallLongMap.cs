namespace AiObsStream.Core.Operators;

/// <summary>
/// A map from <see cref="long"/> keys (hours, window starts) to values that enumerates in key order, for the one or two
/// entries a per-series state keeps open: one sorted array searched by binary search instead of a
/// <see cref="SortedDictionary{TKey, TValue}"/>, whose tree, comparer wrapper and node cost ~220 B for a single entry,
/// in every series (#12, memory per request series).
/// </summary>
/// <remarks>
/// Lookups, replacement, removal and the enumeration order are those of a <c>SortedDictionary&lt;long, TValue&gt;</c>.
/// Removing keeps the array (its slots are cleared). Not thread-safe.
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class SmallLongMap<TValue>
{
    private KeyValuePair<long, TValue>[] _entries = [];

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Sets the value of <paramref name="key"/>: replaced when present, else added in key order.</summary>
    public TValue this[long key]
    {
        set
        {
            var i = IndexOf(key);
            if (i >= 0)
            {
                _entries[i] = new(key, value);
                return;
            }

            i = ~i;
            if (Count == _entries.Length)
            {
                // one or two hours are open at a time: start at two, then double
                Array.Resize(ref _entries, Math.Max(2, Count * 2));
            }

            Array.Copy(_entries, i, _entries, i + 1, Count - i);
            _entries[i] = new(key, value);
            Count++;
        }
    }

    /// <summary>The value of <paramref name="key"/>, when present.</summary>
    public bool TryGetValue(long key, out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : default!;
        return i >= 0;
    }

    /// <summary>Removes <paramref name="key"/>; its value, when it was present.</summary>
    public bool Remove(long key, out TValue value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default!;
            return false;
        }

        value = _entries[i].Value;
        Count--;
        Array.Copy(_entries, i + 1, _entries, i, Count - i);
        _entries[Count] = default; // the removed value is not kept reachable
        return true;
    }

    /// <summary>The entries in key order (no allocation).</summary>
    public Enumerator GetEnumerator() => new(this);

    private int IndexOf(long key) => _entries.AsSpan(0, Count).BinarySearch(new Key(key));

    /// <summary>Enumerates the entries in key order.</summary>
    public struct Enumerator(SmallLongMap<TValue> map)
    {
        private int _index = -1;

        /// <summary>The current entry.</summary>
        public readonly KeyValuePair<long, TValue> Current => map._entries[_index];

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext() => ++_index < map.Count;
    }

    /// <summary>A key compared with an entry's key (what the binary search needs).</summary>
    private readonly struct Key(long key) : IComparable<KeyValuePair<long, TValue>>
    {
        public int CompareTo(KeyValuePair<long, TValue> other) => key.CompareTo(other.Key);
    }
}
