using AiObsStream.Core.Operators;

namespace AiObsStream.Core.Tests.Operators;

/// <summary>
/// The model check of the small sorted maps: a sequence of sets and removes applied to the map and to a
/// <see cref="SortedDictionary{TKey, TValue}"/> with the same order gives the same answers and the same entries.
/// </summary>
internal static class SortedMapModel
{
    public static bool Matches<TKey, TOrder>(SmallSortedMap<TKey, int, TOrder> map, List<(TKey Key, bool Remove)> ops)
        where TKey : notnull
        where TOrder : struct, IComparer<TKey>
    {
        var expected = new SortedDictionary<TKey, int>(default(TOrder));
        for (var i = 0; i < ops.Count; i++)
        {
            var (key, remove) = ops[i];
            if (remove)
            {
                if (map.Remove(key, out var v) != expected.Remove(key, out var e) || v != e)
                {
                    return false;
                }
            }
            else
            {
                map[key] = i;
                expected[key] = i;
            }
        }

        var actual = new List<KeyValuePair<TKey, int>>();
        foreach (var entry in map)
        {
            actual.Add(entry);
        }

        return actual.SequenceEqual(expected) && map.Count == expected.Count
            && expected.All(e => map.TryGetValue(e.Key, out var v) && v == e.Value && map.ContainsKey(e.Key))
            && (expected.Count == 0 || EqualityComparer<TKey>.Default.Equals(map.FirstKey, expected.Keys.First()));
    }
}
