namespace AiObsStream.Core.Operators;

/// <summary>
/// A map from string keys to values that enumerates in ordinal key order, for the handful of entries per-series state
/// holds (a window sample's signals, a deployment's model versions): one array searched by binary search instead of a
/// <see cref="SortedDictionary{TKey, TValue}"/>, whose tree, comparer wrapper and per-entry node cost ~100 B before the
/// first entry and ~50 B per entry, for every deployment × version × window kept in the history (#12).
/// </summary>
/// <remarks>Enumeration order and lookups are those of a <c>SortedDictionary</c> with <see cref="StringComparer.Ordinal"/>.</remarks>
internal sealed class SmallOrdinalMap<TValue>
{
    private KeyValuePair<string, TValue>[]? _entries;

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Sets the value of <paramref name="key"/> (added, or replaced when present).</summary>
    public TValue this[string key]
    {
        get => IndexOf(key) is var i and >= 0 ? _entries![i].Value : throw new KeyNotFoundException($"no entry '{key}'");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var i = IndexOf(key);
            if (i >= 0)
            {
                _entries![i] = new(key, value);
                return;
            }

            i = ~i;
            if (_entries is null || Count == _entries.Length)
            {
                // a sample holds one to four entries: start at two and double
                var entries = new KeyValuePair<string, TValue>[Math.Max(2, Count * 2)];
                if (_entries is not null)
                {
                    Array.Copy(_entries, entries, Count);
                }

                _entries = entries;
            }

            Array.Copy(_entries, i, _entries, i + 1, Count - i);
            _entries[i] = new(key, value);
            Count++;
        }
    }

    /// <summary>The value of <paramref name="key"/>, when present.</summary>
    public bool TryGetValue(string key, out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries![i].Value : default!;
        return i >= 0;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>The smallest key in ordinal order (the first enumerated).</summary>
    /// <exception cref="InvalidOperationException">The map is empty.</exception>
    public string FirstKey => Count > 0 ? _entries![0].Key : throw new InvalidOperationException("the map is empty");

    /// <summary>Removes <paramref name="key"/>; false when it was not present.</summary>
    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        Count--;
        Array.Copy(_entries!, i + 1, _entries!, i, Count - i);
        _entries![Count] = default; // the removed entry is not kept reachable
        return true;
    }

    /// <summary>The value of <paramref name="key"/>, or the default of <typeparamref name="TValue"/>.</summary>
    public TValue GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : default!;

    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public TValue GetValueOrDefault(string key, TValue defaultValue) => TryGetValue(key, out var value) ? value : defaultValue;

    /// <summary>The entries in ordinal key order.</summary>
    public Enumerator GetEnumerator() => new(this);

    private int IndexOf(string key) => _entries is null ? ~0 : _entries.AsSpan(0, Count).BinarySearch(new OrdinalKey(key));

    /// <summary>Enumerates the entries in ordinal key order (no allocation).</summary>
    public struct Enumerator(SmallOrdinalMap<TValue> map)
    {
        private int _index = -1;

        /// <summary>The current entry.</summary>
        public readonly KeyValuePair<string, TValue> Current => map._entries![_index];

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext() => ++_index < map.Count;
    }

    /// <summary>A key compared with an entry's key in ordinal order (what the binary search needs).</summary>
    private readonly struct OrdinalKey(string key) : IComparable<KeyValuePair<string, TValue>>
    {
        public int CompareTo(KeyValuePair<string, TValue> other) => string.CompareOrdinal(key, other.Key);
    }
}
