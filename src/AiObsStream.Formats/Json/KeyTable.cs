using System.Buffers.Binary;
using System.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Case-insensitive (ASCII) lookup of JSON property names, straight from UTF-8 bytes, without allocating.
/// </summary>
/// <remarks>
/// <para>Keys are bucketed by length and first and last byte, so a lookup compares against one or two names at most
/// (formats.md §1.1: keys arrive as <c>Level</c>/<c>level</c>, <c>Properties</c>/<c>properties</c>). Immutable after
/// construction and safe to share between threads.</para>
/// <para>Each name is stored as 8-byte words, lower-cased, with a mask holding 0x20 at the positions of ASCII letters:
/// <c>(word(key) | mask) == word(name)</c> holds exactly when every letter matches in either case and every other byte
/// matches exactly, which is <see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> for an ASCII
/// name (a byte ≥ 0x80 never matches). Most misses are decided by the first word. This replaced a per-candidate
/// <c>Ascii.EqualsIgnoreCase</c> loop that cost 15-18 % of a parse (JsonParseBenchmarks, perf profile).</para>
/// </remarks>
internal sealed class KeyTable
{
    private const int MaxKeyLength = 64;
    private const int Buckets = 128;
    private readonly int[] _start = new int[Buckets + 1];
    private readonly Entry[] _entries;
    private readonly ulong[] _restFolded;
    private readonly ulong[] _restMasks;

    /// <summary>Builds the table from (name, spec) pairs; names are ASCII.</summary>
    public KeyTable(params ReadOnlySpan<(string Name, KeySpec Spec)> entries)
    {
        var sorted = new List<(byte[] Name, KeySpec Spec)>(entries.Length);
        foreach (var (name, spec) in entries)
        {
            var bytes = Encoding.ASCII.GetBytes(name);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, MaxKeyLength, nameof(entries));
            ArgumentOutOfRangeException.ThrowIfZero(bytes.Length, nameof(entries));
            sorted.Add((bytes, spec));
        }

        // Stable within a bucket, so that a bucket keeps the order of the entries (the first equal name wins).
        var ordered = new List<(byte[] Name, KeySpec Spec)>(sorted.Count);
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            _start[bucket] = ordered.Count;
            ordered.AddRange(sorted.FindAll(e => Bucket(e.Name) == bucket));
        }

        _start[Buckets] = ordered.Count;
        _entries = new Entry[ordered.Count];
        var restFolded = new List<ulong>();
        var restMasks = new List<ulong>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (name, spec) = ordered[i];
            var (lower, mask) = Fold(name);
            _entries[i] = new Entry(Word(lower, 0), Word(mask, 0), name.Length, restFolded.Count, spec);
            for (var w = 1; w < WordCount(name.Length); w++)
            {
                restFolded.Add(Word(lower, w));
                restMasks.Add(Word(mask, w));
            }
        }

        _restFolded = [.. restFolded];
        _restMasks = [.. restMasks];
    }

    /// <summary>Finds the spec of <paramref name="key"/> (UTF-8, unescaped), ignoring ASCII case.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out KeySpec spec)
    {
        var length = key.Length;
        if ((uint)(length - 1) < MaxKeyLength)
        {
            var bucket = Bucket(key);
            var end = _start[bucket + 1];
            var i = _start[bucket];
            if (i < end)
            {
                var first = length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(key) : Word(key, 0);
                for (; i < end; i++)
                {
                    ref readonly var entry = ref _entries[i];
                    if ((first | entry.Mask0) == entry.Folded0 && entry.Length == length
                        && (length <= 8 || RestMatches(key, entry.Rest)))
                    {
                        spec = entry.Spec;
                        return true;
                    }
                }
            }
        }

        spec = default;
        return false;
    }

    /// <summary>
    /// The bucket of a non-empty key: its length and its first and last bytes with bit 0x20 set, so that a key and
    /// every name it equals ignoring ASCII case land in the same bucket (most unknown keys land in an empty one).
    /// </summary>
    private static int Bucket(ReadOnlySpan<byte> key) =>
        ((key.Length * 31) + ((key[0] | 0x20) * 7) + (key[^1] | 0x20)) & (Buckets - 1);

    private bool RestMatches(ReadOnlySpan<byte> key, int rest)
    {
        var words = WordCount(key.Length);
        for (var w = 1; w < words; w++, rest++)
        {
            if ((Word(key, w) | _restMasks[rest]) != _restFolded[rest])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Word <paramref name="index"/> of <paramref name="text"/>: bytes [8i, 8i+8), the last word ending at the end
    /// (overlapping its predecessor). Texts of 4 to 7 bytes are two overlapping 4-byte reads, shorter ones are packed
    /// byte by byte. Every byte of the text lands in a fixed lane for a given length, so OR-ing a mask built the same
    /// way applies per byte.
    /// </summary>
    private static ulong Word(ReadOnlySpan<byte> text, int index)
    {
        if (text.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(text[Math.Min(index * 8, text.Length - 8)..]);
        }

        if (text.Length >= 4)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(text)
                | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(text[^4..]) << 32);
        }

        ulong word = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            word = (word << 8) | text[i];
        }

        return word;
    }

    private static int WordCount(int length) => (length + 7) / 8;

    /// <summary>The name with ASCII letters lower-cased, and a mask with 0x20 at each letter.</summary>
    private static (byte[] Lower, byte[] Mask) Fold(byte[] name)
    {
        var lower = new byte[name.Length];
        var mask = new byte[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var isLetter = char.IsAsciiLetter((char)name[i]);
            lower[i] = isLetter ? (byte)(name[i] | 0x20) : name[i];
            mask[i] = isLetter ? (byte)0x20 : (byte)0;
        }

        return (lower, mask);
    }

    /// <summary>One name: its first word inline (decides most misses), its length, where its other words are, its spec.</summary>
    private readonly record struct Entry(ulong Folded0, ulong Mask0, int Length, int Rest, KeySpec Spec);
}
