namespace AiObsStream.Core.Notifications;

/// <summary>
/// A string-keyed map whose values are enumerated in ordinal key order, without allocating (unlike
/// <see cref="SortedDictionary{TKey,TValue}"/>, whose enumerator allocates a stack per enumeration).
/// </summary>
/// <remarks>Insertion is O(n) (a binary-searched list insert); the notifier holds alerts, which are few.</remarks>
internal sealed class OrderedMap<TValue>
    where TValue : class
{
    private readonly Dictionary<string, TValue> _byKey = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<TValue> _values = [];

    /// <summary>Number of entries.</summary>
    public int Count => _values.Count;

    /// <summary>The value at <paramref name="index"/> in key order.</summary>
    public TValue this[int index] => _values[index];

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value) =>
        _byKey.TryGetValue(key, out value);

    /// <summary>Adds or replaces the value for <paramref name="key"/>.</summary>
    public void Set(string key, TValue value)
    {
        var at = _keys.BinarySearch(key, StringComparer.Ordinal);
        if (at >= 0)
        {
            _values[at] = value;
        }
        else
        {
            _keys.Insert(~at, key);
            _values.Insert(~at, value);
        }

        _byKey[key] = value;
    }

    /// <summary>Removes <paramref name="key"/> if present.</summary>
    public void Remove(string key)
    {
        if (_byKey.Remove(key))
        {
            var at = _keys.BinarySearch(key, StringComparer.Ordinal);
            _keys.RemoveAt(at);
            _values.RemoveAt(at);
        }
    }
}
