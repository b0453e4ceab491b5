using System.Diagnostics;
using System.Numerics;

namespace AiObsStream.Core.Windows;

/// <summary>
/// A set of non-zero 64-bit record keys for <see cref="DedupFilter"/>: open addressing with linear probing in one array
/// of keys (0 marks a free slot), at most half full.
/// </summary>
/// <remarks>
/// Why not <see cref="HashSet{T}"/>: every admitted record is added once, and the set of a busy bucket holds thousands
/// of keys; <see cref="HashSet{T}"/> reads a bucket array and then an entry array (two cache misses per add), this reads
/// one slot and usually its neighbour (perf: <c>HashSet&lt;ulong&gt;.AddIfNotPresent</c> was ~2 % of a one-deployment
/// run). Keys are record hashes, so their low bits are already mixed; a Fibonacci multiply spreads them anyway.
/// Clearing keeps the capacity, so a reused set stops allocating once it has grown. Not thread-safe.
/// </remarks>
internal sealed class RecordKeySet
{
    private const int MinCapacity = 16;
    private ulong[] _slots;
    private int _shift;

    /// <summary>Creates a set that holds <paramref name="capacity"/> keys before it grows.</summary>
    public RecordKeySet(int capacity = 0)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinCapacity, capacity * 2));
        _slots = new ulong[size];
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>Keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="key"/> (not 0); false when it was already there.</summary>
    public bool Add(ulong key)
    {
        Debug.Assert(key != 0, "0 marks a free slot");
        if (!TryInsert(_slots, _shift, key))
        {
            return false;
        }

        if (++Count * 2 > _slots.Length)
        {
            Grow();
        }

        return true;
    }

    /// <summary>Removes every key, keeping the capacity.</summary>
    public void Clear()
    {
        if (Count > 0)
        {
            Array.Clear(_slots);
            Count = 0;
        }
    }

    /// <summary>Appends the keys, in no particular order, to <paramref name="output"/>.</summary>
    public void CopyTo(List<ulong> output)
    {
        foreach (var key in _slots)
        {
            if (key != 0)
            {
                output.Add(key);
            }
        }
    }

    private static bool TryInsert(ulong[] slots, int shift, ulong key)
    {
        var mask = slots.Length - 1;
        var i = (int)((key * 0x9E3779B97F4A7C15UL) >> shift);
        while (true) // bounded: the table is never more than half full, so a free slot is found
        {
            var held = slots[i];
            if (held == key)
            {
                return false;
            }

            if (held == 0)
            {
                slots[i] = key;
                return true;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        var old = _slots;
        var slots = new ulong[old.Length * 2];
        var shift = _shift - 1;
        foreach (var key in old)
        {
            if (key != 0)
            {
                TryInsert(slots, shift, key);
            }
        }

        _slots = slots;
        _shift = shift;
    }
}
