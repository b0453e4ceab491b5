using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Remembers, for each member position of the objects read with one <see cref="KeyTable"/>, the key last seen there
/// and what the table said about it, so that the next object with the same key order is read without scanning each
/// key for its closing quote and without a table lookup: one byte comparison per key instead.
/// </summary>
/// <remarks>
/// <para>Why: the records of a stream are written by one exporter and carry their keys in the same order (AOAI
/// diagnostic records: 12 keys, then 11 inside <c>properties</c>); the key scan and lookup were the largest per-key
/// cost of the fast path after the value scan itself (perf: KeyTable.TryGet, TryMemberName, NextStop).</para>
/// <para>Exactness: a key is learned only when it was read as an escape-free string (so its bytes hold no quote,
/// backslash or control byte). When the bytes at a member's position are a quote, exactly the learned key and a quote
/// again, the string scan would have stopped at that same closing quote with no escape, and the table lookup of the
/// same bytes gives the same answer: a hit returns what the slow way returns, nothing more. A miss (another key, a
/// longer one, an escape, the end of the input) falls back to the scan and lookup, then learns the key read there.
/// UTF-8 validity is the caller's (checked once per unit).</para>
/// <para>Owned by one <see cref="RecordScratch"/> (one parser); not thread-safe. Learning copies into a fixed arena:
/// no allocation per record, also when the key order changes from record to record.</para>
/// </remarks>
internal sealed class KeyOrderCache
{
    /// <summary>Member positions remembered per object (later members are looked up the slow way).</summary>
    public const int Positions = 32;

    /// <summary>Longest key remembered (longer keys are looked up the slow way).</summary>
    public const int MaxKeyLength = 48;

    private readonly byte[] _keys = new byte[Positions * MaxKeyLength];
    private readonly int[] _lengths = new int[Positions];
    private readonly KeySpec[] _specs = new KeySpec[Positions];
    private readonly bool[] _found = new bool[Positions];

    /// <summary>Creates an empty cache for <paramref name="table"/>.</summary>
    public KeyOrderCache(KeyTable table)
    {
        Table = table;
        Clear();
    }

    /// <summary>The table whose answers are remembered.</summary>
    public KeyTable Table { get; private set; }

    /// <summary>Forgets every position and binds the cache to <paramref name="table"/>.</summary>
    public void Rebind(KeyTable table)
    {
        Table = table;
        Clear();
    }

    /// <summary>
    /// Whether <paramref name="s"/> holds, at <paramref name="start"/>, the key learned at <paramref name="position"/>
    /// followed by <paramref name="close"/>; on a hit <paramref name="length"/> is the key's length and
    /// <paramref name="found"/> / <paramref name="spec"/> what <see cref="KeyTable.TryGet"/> answered for it.
    /// </summary>
    /// <param name="s">The unit (or the escaped string).</param>
    /// <param name="start">Where the key's content would start (just past its opening quote).</param>
    /// <param name="position">The member's position in its object (0-based).</param>
    /// <param name="close">What must follow the content: <c>"</c>, or <c>\</c> for an escaped-quoted key.</param>
    /// <param name="length">The key's length on a hit.</param>
    /// <param name="found">Whether the table holds the key.</param>
    /// <param name="spec">The key's spec when <paramref name="found"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per member: the call was a visible share of it (perf)
    public bool TryHit(ReadOnlySpan<byte> s, int start, int position, byte close, out int length, out bool found,
        out KeySpec spec)
    {
        length = 0;
        found = false;
        spec = default;
        if ((uint)position >= Positions)
        {
            return false;
        }

        var n = _lengths[position];
        if (n <= 0 || (uint)start > (uint)s.Length || s.Length - start <= n || s[start + n] != close
            || !SameKey(s[start..], _keys.AsSpan(position * MaxKeyLength, MaxKeyLength), n))
        {
            return false;
        }

        length = n;
        found = _found[position];
        spec = _specs[position];
        return true;
    }

    /// <summary>
    /// Remembers <paramref name="key"/> (escape-free content, as read) at <paramref name="position"/> with the table's
    /// answer for it; empty and over-long keys, keys holding a quote, backslash or control byte, and positions past
    /// <see cref="Positions"/>, are not remembered.
    /// </summary>
    public void Learn(int position, ReadOnlySpan<byte> key, bool found, KeySpec spec)
    {
        if ((uint)position >= Positions)
        {
            return;
        }

        if (key.IsEmpty || key.Length > MaxKeyLength || key.IndexOfAny((byte)'"', (byte)'\\') >= 0
            || key.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            // Only a key whose bytes stop no string scan may be matched byte for byte (see the remarks).
            _lengths[position] = 0;
            return;
        }

        key.CopyTo(_keys.AsSpan(position * MaxKeyLength, MaxKeyLength));
        _lengths[position] = key.Length;
        _found[position] = found;
        _specs[position] = spec;
    }

    /// <summary>
    /// Whether the first <paramref name="n"/> bytes of <paramref name="text"/> and <paramref name="slot"/> are equal
    /// (0 &lt; n ≤ <see cref="MaxKeyLength"/>, <paramref name="text"/> holds more than n bytes, <paramref name="slot"/>
    /// is a whole arena slot).
    /// </summary>
    /// <remarks>
    /// Compared 8 bytes at a time, the last 8 overlapping, and a key shorter than 8 bytes as one masked 8-byte word
    /// (the slot bytes past the key are never looked at through the mask): keys are 4-30 bytes, where the
    /// <c>SequenceEqual</c> call and its length dispatch cost more than the compare (perf: 1.2-2 % of an AOAI run).
    /// <see cref="SameKeyScalar"/> is the reference a property test compares this with.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SameKey(ReadOnlySpan<byte> text, ReadOnlySpan<byte> slot, int n)
    {
        if (n >= sizeof(ulong))
        {
            var i = 0;
            for (; i < n - sizeof(ulong); i += sizeof(ulong))
            {
                if (BinaryPrimitives.ReadUInt64LittleEndian(text[i..]) != BinaryPrimitives.ReadUInt64LittleEndian(slot[i..]))
                {
                    return false;
                }
            }

            var last = n - sizeof(ulong);
            return BinaryPrimitives.ReadUInt64LittleEndian(text[last..]) == BinaryPrimitives.ReadUInt64LittleEndian(slot[last..]);
        }

        if (text.Length < sizeof(ulong))
        {
            return SameKeyScalar(text, slot, n); // the end of the unit: too short for a word load
        }

        var mask = ulong.MaxValue >> ((sizeof(ulong) - n) * 8); // the low n bytes of a little-endian word
        return ((BinaryPrimitives.ReadUInt64LittleEndian(text) ^ BinaryPrimitives.ReadUInt64LittleEndian(slot)) & mask) == 0;
    }

    /// <summary>The plain form of <see cref="SameKey"/>.</summary>
    internal static bool SameKeyScalar(ReadOnlySpan<byte> text, ReadOnlySpan<byte> slot, int n) =>
        text[..n].SequenceEqual(slot[..n]);

    private void Clear() => Array.Clear(_lengths);
}
