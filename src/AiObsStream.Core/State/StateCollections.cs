namespace AiObsStream.Core.State;

/// <summary>
/// Binary forms of the collections that component states hold: a count, then each element (for a map: its key, then its
/// value), in the collection's own order, so sorted collections give deterministic bytes.
/// </summary>
/// <remarks>
/// Readers take the count already read (<see cref="StateFrame.ReadCount"/>), so each collection keeps its own name and
/// bound in the error a corrupt count raises.
/// </remarks>
internal static class StateCollections
{
    /// <summary>Writes the count, then every item with <paramref name="write"/>.</summary>
    public static void WriteList<T>(BinaryWriter writer, IReadOnlyCollection<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    /// <summary>Writes the count, then every key (in ordinal order) and its value with <paramref name="write"/>.</summary>
    public static void WriteMap<TValue>(BinaryWriter writer, SortedDictionary<string, TValue> map, Action<BinaryWriter, TValue> write)
    {
        writer.Write(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            write(writer, value);
        }
    }

    /// <summary>Writes the count, then every key (in ordinal order) and its value: the bytes of the same entries in a sorted map.</summary>
    public static void WriteMap<TValue>(BinaryWriter writer, Operators.SmallOrdinalMap<TValue> map, Action<BinaryWriter, TValue> write)
    {
        writer.Write(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            write(writer, value);
        }
    }

    /// <summary>Reads <paramref name="count"/> items written by <see cref="WriteList"/> into <paramref name="into"/>.</summary>
    public static void ReadList<T>(BinaryReader reader, int count, List<T> into, Func<BinaryReader, T> read)
    {
        for (var i = 0; i < count; i++)
        {
            into.Add(read(reader));
        }
    }

    /// <summary>Reads <paramref name="count"/> entries written by a <c>WriteMap</c> into <paramref name="into"/>.</summary>
    public static void ReadMap<TValue>(BinaryReader reader, int count, Operators.SmallOrdinalMap<TValue> into, Func<BinaryReader, TValue> read)
    {
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            into[key] = read(reader);
        }
    }

    /// <summary>Reads <paramref name="count"/> entries written by a <c>WriteMap</c> into <paramref name="into"/>.</summary>
    public static void ReadMap<TValue>(BinaryReader reader, int count, SortedDictionary<string, TValue> into, Func<BinaryReader, TValue> read)
    {
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            into[key] = read(reader);
        }
    }
}
