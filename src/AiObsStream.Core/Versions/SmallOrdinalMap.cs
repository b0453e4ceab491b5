namespace AiObsStream.Core.Versions;

/// <summary>
/// A map from string keys to values that enumerates in ordinal key order, for the handful of entries a
/// <see cref="WindowSample"/> holds (one per regression signal): two arrays searched by binary search instead of a
/// <see cref="SortedDictionary{TKey, TValue}"/>, whose tree, comparer wrapper and per-entry node cost ~100 B before the
/// first entry and ~50 B per entry, for every deployment × version × window kept in the history (#12).
/// </summary>
/// <remarks>Enumeration order and lookups are those of a <c>SortedDictionary</c> with <see cref="StringComparer.Ordinal"/>.</remarks>
internal sealed class SmallOrdinalMap<TValue>
{
    private string[]? _keys;
    private TValue[]? _values;

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Sets the value of <paramref name="key"/> (added, or replaced when present).</summary>
    public TValue this[string key]
    {
        get => IndexOf(key) is var i and >= 0 ? _values![i] : throw new KeyNotFoundException($"no entry '{key}'");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var i = IndexOf(key);
            if (i >= 0)
            {
                _values![i] = value;
                return;
            }

            i = ~i;
            if (_keys is null || Count == _keys.Length)
            {
                // grows by one slot at a time: maps here hold one to four entries, and exact arrays are the point
                var keys = new string[Count + 1];
                var values = new TValue[Count + 1];
                if (_keys is not null)
                {
                    Array.Copy(_keys, keys, Count);
                    Array.Copy(_values!, values, Count);
                }

                (_keys, _values) = (keys, values);
            }

            Array.Copy(_keys, i, _keys, i + 1, Count - i);
            Array.Copy(_values!, i, _values!, i + 1, Count - i);
            _keys[i] = key;
            _values![i] = value;
            Count++;
        }
    }

    /// <summary>The value of <paramref name="key"/>, when present.</summary>
    public bool TryGetValue(string key, out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values![i] : default!;
        return i >= 0;
    }

    /// <summary>The value of <paramref name="key"/>, or the default of <typeparamref name="TValue"/>.</summary>
    public TValue GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : default!;

    /// <summary>The entries in ordinal key order.</summary>
    public Enumerator GetEnumerator() => new(this);

    private int IndexOf(string key)
    {
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = string.CompareOrdinal(_keys![mid], key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>Enumerates the entries in ordinal key order (no allocation).</summary>
    public struct Enumerator(SmallOrdinalMap<TValue> map)
    {
        private int _index = -1;

        /// <summary>The current entry.</summary>
        public readonly KeyValuePair<string, TValue> Current => new(map._keys![_index], map._values![_index]);

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext() => ++_index < map.Count;
    }
}
