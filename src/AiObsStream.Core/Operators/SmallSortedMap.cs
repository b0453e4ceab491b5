namespace AiObsStream.Core.Operators;

/// <summary>
/// A map that enumerates in key order, for the one to four entries a per-series state holds (a window sample's signals,
/// a deployment's model versions, a series' open hours): one array of entries kept sorted and searched by binary search,
/// instead of a <see cref="SortedDictionary{TKey, TValue}"/>, whose tree, comparer wrapper and per-entry node cost
/// ~100 B before the first entry and ~50 B per entry, in every series (#12, memory per request series).
/// </summary>
/// <remarks>
/// Lookups, replacement, removal and the enumeration order are those of a <c>SortedDictionary</c> ordered by
/// <typeparamref name="TOrder"/>. Removing keeps the array and clears the freed slot. Not thread-safe.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TOrder">The key order (a struct: no comparer object per map, and the JIT specializes the search).</typeparam>
internal abstract class SmallSortedMap<TKey, TValue, TOrder>
    where TOrder : struct, IComparer<TKey>
{
    private KeyValuePair<TKey, TValue>[] _entries = [];

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The smallest key (the first enumerated).</summary>
    /// <exception cref="InvalidOperationException">The map is empty.</exception>
    public TKey FirstKey => Count > 0 ? _entries[0].Key : throw new InvalidOperationException("the map is empty");

    /// <summary>The value of <paramref name="key"/>; setting adds it in key order or replaces it.</summary>
    /// <exception cref="KeyNotFoundException">Getting a key that is not present.</exception>
    public TValue this[TKey key]
    {
        get => IndexOf(key) is var i and >= 0 ? _entries[i].Value : throw new KeyNotFoundException($"no entry '{key}'");
        set
        {
            if (key is null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            var i = IndexOf(key);
            if (i >= 0)
            {
                _entries[i] = new(key, value);
                return;
            }

            i = ~i;
            if (Count == _entries.Length)
            {
                // a handful of entries: start at two, then double
                Array.Resize(ref _entries, Math.Max(2, Count * 2));
            }

            Array.Copy(_entries, i, _entries, i + 1, Count - i);
            _entries[i] = new(key, value);
            Count++;
        }
    }

    /// <summary>The value of <paramref name="key"/>, when present.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : default!;
        return i >= 0;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(TKey key) => IndexOf(key) >= 0;

    /// <summary>The value of <paramref name="key"/>, or the default of <typeparamref name="TValue"/>.</summary>
    public TValue GetValueOrDefault(TKey key) => TryGetValue(key, out var value) ? value : default!;

    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public TValue GetValueOrDefault(TKey key, TValue defaultValue) => TryGetValue(key, out var value) ? value : defaultValue;

    /// <summary>Removes <paramref name="key"/>; false when it was not present.</summary>
    public bool Remove(TKey key) => Remove(key, out _);

    /// <summary>Removes <paramref name="key"/>; its value, when it was present.</summary>
    public bool Remove(TKey key, out TValue value)
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
        _entries[Count] = default; // the removed entry is not kept reachable
        return true;
    }

    /// <summary>The entries in key order (no allocation).</summary>
    public Enumerator GetEnumerator() => new(this);

    private int IndexOf(TKey key) => _entries.AsSpan(0, Count).BinarySearch(new Probe(key));

    /// <summary>Enumerates the entries in key order.</summary>
    public struct Enumerator(SmallSortedMap<TKey, TValue, TOrder> map)
    {
        private int _index = -1;

        /// <summary>The current entry.</summary>
        public readonly KeyValuePair<TKey, TValue> Current => map._entries[_index];

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext() => ++_index < map.Count;
    }

    /// <summary>A key compared with an entry's key (what the binary search needs).</summary>
    private readonly struct Probe(TKey key) : IComparable<KeyValuePair<TKey, TValue>>
    {
        public int CompareTo(KeyValuePair<TKey, TValue> other) => default(TOrder).Compare(key, other.Key);
    }
}

/// <summary>Ordinal order of strings (<see cref="string.CompareOrdinal(string, string)"/>).</summary>
internal readonly struct OrdinalOrder : IComparer<string>
{
    public int Compare(string? x, string? y) => string.CompareOrdinal(x, y);
}

/// <summary>Ascending order of <see cref="long"/> keys.</summary>
internal readonly struct AscendingLongOrder : IComparer<long>
{
    public int Compare(long x, long y) => x.CompareTo(y);
}
