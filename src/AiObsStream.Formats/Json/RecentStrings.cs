using System.Buffers.Binary;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// A small direct-mapped cache in front of a <see cref="StringPool"/>: the string last returned for short UTF-8 values
/// that repeat record after record (the caller of an Azure OpenAI request), found by comparing bytes, without the
/// pool's transcoding to UTF-16 and hashing of the chars.
/// </summary>
/// <remarks>
/// <para>Why: <c>StringPool.Get</c> for the caller was ~2 % of a one-deployment run (perf, native build). A hit returns
/// a string equal to what the pool returns for the same bytes (the pool's answer for them, remembered); a miss asks the
/// pool and remembers its answer in the slot. Values longer than <see cref="MaxBytes"/> go to the pool directly.</para>
/// <para>Bytes are kept in one fixed arena: no allocation per value, hit or miss. Owned by one parser; not
/// thread-safe.</para>
/// </remarks>
internal sealed class RecentStrings
{
    /// <summary>Longest value remembered, in bytes.</summary>
    public const int MaxBytes = 48;

    private const int Slots = 64; // a power of two
    private readonly StringPool _pool;
    private readonly byte[] _bytes = new byte[Slots * MaxBytes];
    private readonly int[] _lengths = new int[Slots];
    private readonly string?[] _strings = new string?[Slots];

    /// <summary>Creates a cache in front of <paramref name="pool"/>.</summary>
    public RecentStrings(StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
    }

    /// <summary>The string of <paramref name="utf8"/>: the one <see cref="StringPool.Get(ReadOnlySpan{byte})"/> returns.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxBytes)
        {
            return _pool.Get(utf8);
        }

        var slot = SlotOf(utf8);
        var length = _lengths[slot];
        if (length == utf8.Length && _strings[slot] is { } hit
            && utf8.SequenceEqual(_bytes.AsSpan(slot * MaxBytes, length)))
        {
            return hit;
        }

        var s = _pool.Get(utf8);
        utf8.CopyTo(_bytes.AsSpan(slot * MaxBytes, MaxBytes));
        _lengths[slot] = utf8.Length;
        _strings[slot] = s;
        return s;
    }

    /// <summary>A slot from the length and the last (up to) eight bytes, where similar values (addresses, ids) differ.</summary>
    private static int SlotOf(ReadOnlySpan<byte> utf8)
    {
        ulong tail = 0;
        if (utf8.Length >= sizeof(ulong))
        {
            tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^sizeof(ulong)..]);
        }
        else
        {
            foreach (var b in utf8)
            {
                tail = (tail << 8) | b;
            }
        }

        return (int)(((tail + (ulong)utf8.Length) * 0x9E3779B97F4A7C15UL) >> 58); // 6 bits: Slots
    }
}
