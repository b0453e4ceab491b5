using System.Buffers.Binary;
using System.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Case-insensitive (ASCII) lookup of JSON property names, straight from UTF-8 bytes, without allocating.
/// </summary>
/// <remarks>
/// <para>Keys are bucketed by byte length, so a lookup compares against the few keys of the same length only
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
    private readonly Entry[][] _byLength = new Entry[MaxKeyLength + 1][];

    /// <summary>Builds the table from (name, spec) pairs; names are ASCII.</summary>
    public KeyTable(params ReadOnlySpan<(string Name, KeySpec Spec)> entries)
    {
        var lists = new List<Entry>[MaxKeyLength + 1];
        foreach (var (name, spec) in entries)
        {
            var bytes = Encoding.ASCII.GetBytes(name);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, MaxKeyLength, nameof(entries));
            ArgumentOutOfRangeException.ThrowIfZero(bytes.Length, nameof(entries));
            (lists[bytes.Length] ??= []).Add(Entry.Of(bytes, spec));
        }

        for (var i = 0; i <= MaxKeyLength; i++)
        {
            _byLength[i] = lists[i]?.ToArray() ?? [];
        }
    }

    /// <summary>Finds the spec of <paramref name="key"/> (UTF-8, unescaped), ignoring ASCII case.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out KeySpec spec)
    {
        if (key.Length <= MaxKeyLength && key.Length > 0)
        {
            var candidates = _byLength[key.Length];
            if (candidates.Length > 0)
            {
                var first = Word(key, 0);
                foreach (var entry in candidates)
                {
                    if ((first | entry.Masks[0]) == entry.Folded[0] && entry.RestMatches(key))
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
    /// Word <paramref name="index"/> of <paramref name="text"/>: bytes [8i, 8i+8), the last word ending at the end
    /// (overlapping its predecessor); texts shorter than 8 bytes are one zero-padded word.
    /// </summary>
    private static ulong Word(ReadOnlySpan<byte> text, int index)
    {
        if (text.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(text[Math.Min(index * 8, text.Length - 8)..]);
        }

        ulong word = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            word = (word << 8) | text[i];
        }

        return word;
    }

    private static int WordCount(int length) => (length + 7) / 8;

    private sealed class Entry
    {
        private Entry(ulong[] folded, ulong[] masks, KeySpec spec)
        {
            Folded = folded;
            Masks = masks;
            Spec = spec;
        }

        public ulong[] Folded { get; }

        public ulong[] Masks { get; }

        public KeySpec Spec { get; }

        public static Entry Of(byte[] name, KeySpec spec)
        {
            var lower = new byte[name.Length];
            var mask = new byte[name.Length];
            for (var i = 0; i < name.Length; i++)
            {
                var isLetter = char.IsAsciiLetter((char)name[i]);
                lower[i] = isLetter ? (byte)(name[i] | 0x20) : name[i];
                mask[i] = isLetter ? (byte)0x20 : (byte)0;
            }

            var words = WordCount(name.Length);
            var folded = new ulong[words];
            var masks = new ulong[words];
            for (var w = 0; w < words; w++)
            {
                folded[w] = Word(lower, w);
                masks[w] = Word(mask, w);
            }

            return new Entry(folded, masks, spec);
        }

        public bool RestMatches(ReadOnlySpan<byte> key)
        {
            for (var w = 1; w < Folded.Length; w++)
            {
                if ((Word(key, w) | Masks[w]) != Folded[w])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
