using System.Reflection;

namespace AiObsStream.Core.State;

/// <summary>
/// Saves and restores the slot layout of a <see cref="Dictionary{TKey,TValue}"/> (live entries, holes left by removals
/// and the free list), so that a restored map enumerates in the same order as the original, now and after later
/// inserts and removals.
/// </summary>
/// <remarks>
/// Needed where output order follows map enumeration (a rule engine's no-data sweep): enumeration walks the entry
/// slots in order and a new key fills the most recently freed slot, so re-inserting the live entries would put later
/// keys elsewhere. The layout is read through the private fields of the runtime's Dictionary (<c>_entries</c>,
/// <c>_count</c>, <c>_freeList</c>, <c>_freeCount</c>); where they are missing (another runtime) only the live
/// entries are written in enumeration order, which is still a valid checkpoint (DictionaryLayoutTests fails then).
/// Restoring replays the layout with the public API: add every slot in order (placeholders for holes), then remove
/// the placeholders from the tail of the free list to its head.
/// </remarks>
internal static class DictionaryLayout
{
    private const int StartOfFreeList = -3; // the runtime's encoding: a free entry's next = StartOfFreeList - nextFree

    /// <summary>Writes slot count, per slot a live flag (and the entry), then the free list, head first.</summary>
    public static void Write<TKey, TValue>(BinaryWriter writer, Dictionary<TKey, TValue> map, Action<BinaryWriter, TKey, TValue> entry)
        where TKey : notnull
    {
        if (!Layout<TKey, TValue>.TryRead(map, out var slots, out var free))
        {
            slots = [];
            free = [];
            foreach (var key in map.Keys)
            {
                slots.Add((true, key));
            }
        }

        writer.Write(slots.Count);
        foreach (var (live, key) in slots)
        {
            writer.Write(live);
            if (live)
            {
                entry(writer, key, map[key]);
            }
        }

        writer.Write(free.Count);
        foreach (var slot in free)
        {
            writer.Write(slot);
        }
    }

    /// <summary>Rebuilds <paramref name="map"/> (cleared first) from <see cref="Write"/>'s bytes.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="map">The map to fill.</param>
    /// <param name="entry">Reads one live entry.</param>
    /// <param name="placeholder">A key for hole number i that no live key equals.</param>
    public static void Read<TKey, TValue>(BinaryReader reader, Dictionary<TKey, TValue> map,
        Func<BinaryReader, (TKey Key, TValue Value)> entry, Func<int, TKey> placeholder)
        where TKey : notnull
    {
        map.Clear();
        var count = StateFrame.ReadCount(reader, "map slots");
        var holes = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            if (reader.ReadBoolean())
            {
                var (key, value) = entry(reader);
                StateFrame.Check(map.TryAdd(key, value), "map: duplicate key");
            }
            else
            {
                holes.Add(i);
                map.Add(placeholder(i), default!);
            }
        }

        var freeCount = StateFrame.ReadCount(reader, "map free list");
        StateFrame.Check(freeCount == holes.Count, "map: free list does not match the holes");
        var free = new int[freeCount];
        for (var i = 0; i < freeCount; i++)
        {
            free[i] = reader.ReadInt32();
            StateFrame.Check(holes.Remove(free[i]), "map: free list names a live or repeated slot");
        }

        for (var i = freeCount - 1; i >= 0; i--)
        {
            map.Remove(placeholder(free[i]));
        }
    }

    private static class Layout<TKey, TValue>
        where TKey : notnull
    {
        private static readonly FieldInfo? Entries = Field(typeof(Dictionary<TKey, TValue>), "_entries");
        private static readonly FieldInfo? Count = Field(typeof(Dictionary<TKey, TValue>), "_count");
        private static readonly FieldInfo? FreeList = Field(typeof(Dictionary<TKey, TValue>), "_freeList");
        private static readonly FieldInfo? FreeCount = Field(typeof(Dictionary<TKey, TValue>), "_freeCount");
        private static readonly FieldInfo? Next = Entries is null ? null : Field(Entries.FieldType.GetElementType()!, "next");
        private static readonly FieldInfo? Key = Entries is null ? null : Field(Entries.FieldType.GetElementType()!, "key");

        public static bool TryRead(Dictionary<TKey, TValue> map, out List<(bool Live, TKey Key)> slots, out List<int> free)
        {
            slots = [];
            free = [];
            if (Entries is null || Count is null || FreeList is null || FreeCount is null || Next is null || Key is null)
            {
                return false;
            }

            var count = (int)Count.GetValue(map)!;
            var freeCount = (int)FreeCount.GetValue(map)!;
            var entries = Entries.GetValue(map) as Array;
            var isFree = new bool[count];
            var slot = (int)FreeList.GetValue(map)!;
            for (var i = 0; i < freeCount; i++)
            {
                if (entries is null || slot < 0 || slot >= count || isFree[slot])
                {
                    return false;
                }

                free.Add(slot);
                isFree[slot] = true;
                slot = StartOfFreeList - (int)Next.GetValue(entries.GetValue(slot))!;
            }

            for (var i = 0; i < count; i++)
            {
                slots.Add(isFree[i] ? (false, default!) : (true, (TKey)Key.GetValue(entries!.GetValue(i))!));
            }

            return slots.Count - free.Count == map.Count;
        }

        private static FieldInfo? Field(Type type, string name) =>
            type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
    }
}
