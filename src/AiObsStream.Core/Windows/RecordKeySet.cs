using System.Diagnostics;
using System.Numerics;

namespace AiObsStream.Core.Windows;

/// <summary>
/// A set of non-zero 64-bit record keys for <see cref="DedupFilter"/>: open addressing with linear probing over an array
/// of one-byte tags (0 marks a free slot) beside the array of keys, at most half full.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="HashSet{T}"/>: every admitted record is added once, and the set of a busy bucket holds
/// thousands of keys; <see cref="HashSet{T}"/> reads a bucket array and then an entry array (two cache misses per add),
/// this reads one slot and usually its neighbour (perf: <c>HashSet&lt;ulong&gt;.AddIfNotPresent</c> was ~2 % of a
/// one-deployment run). Keys are record hashes, so their low bits are already mixed; a Fibonacci multiply spreads them
/// anyway.</para>
/// <para>Why tags: a one-minute bucket of the one-deployment workload holds ~8,800 keys (32 K slots, 256 KB of keys), and
/// nearly every add still missed the cache on the probed key (perf, native build: ~90 ns per record, 4.5 % of the run).
/// The probe now reads the tags (32 KB for that bucket, eight times denser) and reads a key only when its tag matches
/// (a duplicate, or 1 in 128 other keys); a new key is written, not read, so its cache miss does not stall the add.
/// The answers are those of the key array alone: equal keys have equal tags.</para>
/// <para>Clearing keeps the capacity, so a reused set stops allocating once it has grown. Not thread-safe.</para>
/// </remarks>
internal sealed class RecordKeySet
{
    private const int MinCapacity = 16;
    private byte[] _tags;
    private ulong[] _slots;
    private int _shift;

    /// <summary>Creates a set that holds <paramref name="capacity"/> keys before it grows.</summary>
    public RecordKeySet(int capacity = 0)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinCapacity, capacity * 2));
        _tags = new byte[size];
        _slots = new ulong[size];
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>Keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="key"/> (not 0); false when it was already there.</summary>
    public bool Add(ulong key)
    {
        Debug.Assert(key != 0, "0 marks a free slot");
        if (!TryInsert(_tags, _slots, _shift, key))
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
            Array.Clear(_tags);
            Count = 0;
        }
    }

    /// <summary>Appends the keys, in no particular order, to <paramref name="output"/>.</summary>
    public void CopyTo(List<ulong> output)
    {
        for (var i = 0; i < _tags.Length; i++)
        {
            if (_tags[i] != 0)
            {
                output.Add(_slots[i]);
            }
        }
    }

    /// <summary>
    /// A non-zero tag from the product's low bits (the slot index comes from its high bits, so the two are independent
    /// and keys probing the same slots rarely share a tag).
    /// </summary>
    private static byte TagOf(ulong product) => (byte)(0x80 | (product & 0x7F));

    private static bool TryInsert(byte[] tags, ulong[] slots, int shift, ulong key)
    {
        var mask = slots.Length - 1;
        var product = key * 0x9E3779B97F4A7C15UL;
        var tag = TagOf(product);
        var i = (int)(product >> shift);
        while (true) // bounded: the table is never more than half full, so a free slot is found
        {
            var held = tags[i];
            if (held == 0)
            {
                tags[i] = tag;
                slots[i] = key;
                return true;
            }

            if (held == tag && slots[i] == key)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        var (oldTags, oldSlots) = (_tags, _slots);
        var tags = new byte[oldTags.Length * 2];
        var slots = new ulong[oldSlots.Length * 2];
        var shift = _shift - 1;
        for (var i = 0; i < oldTags.Length; i++)
        {
            if (oldTags[i] != 0)
            {
                TryInsert(tags, slots, shift, oldSlots[i]);
            }
        }

        (_tags, _slots, _shift) = (tags, slots, shift);
    }
}
