using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AiObsStream.Formats.Json;

/// <summary>
/// The strict JSON grammar of the fast parse path (<see cref="FastRecordReader"/>): whitespace, strings with validated
/// escapes, numbers, literals and skipped values, over one UTF-8 unit that the caller has checked with
/// <c>Utf8.IsValid</c>.
/// </summary>
/// <remarks>
/// <para>Why it exists: a <see cref="System.Text.Json.Utf8JsonReader"/> pass costs 35-38 % of a parse, and the
/// per-token reader calls (ValueSpan, ValueIsEscaped, TokenType, Skip) cost more on top. A hand-written scan that
/// reads each byte once and looks up keys directly is the cheaper common path.</para>
/// <para>Every method answers false (decline) on anything it does not accept, and the caller then parses the unit
/// with the Utf8JsonReader path, which produces the exact error. Declining is always safe; accepting is only done
/// for input that RFC 8259 and Utf8JsonReader (default options: no comments, no trailing commas, depth ≤ 64) both
/// accept. Stricter than the reader on purpose: a <c>\u</c> escape naming a surrogate (D800-DFFF), and nesting
/// deeper than <see cref="MaxDepth"/>, decline. A raw control byte in a string declines (the reader rejects it).
/// Positions are indexes into the unit; "at" is always ≤ the unit's length.</para>
/// </remarks>
internal static partial class FastJsonGrammar
{
    /// <summary>The deepest nesting the fast path follows (the reader allows 64; deeper input takes the exact path).</summary>
    public const int MaxDepth = 32;


    /// <summary>1 for the bytes that end a run of plain string content (quote, backslash, 0x00-0x1F), else 0.</summary>
    private static ReadOnlySpan<byte> StopTable =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>The index of the first byte at or after <paramref name="at"/> that is not JSON whitespace.</summary>
    /// <remarks>
    /// Inlined with a one-byte test first: it runs between every two tokens and compact JSON (what exporters write)
    /// has no whitespace there, so the call itself was most of its cost (perf: 2-3 % of a run).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipWhitespace(ReadOnlySpan<byte> s, int at) =>
        (uint)at < (uint)s.Length && s[at] > (byte)' ' ? at : SkipWhitespaceLoop(s, at);

    private static int SkipWhitespaceLoop(ReadOnlySpan<byte> s, int at)
    {
        while ((uint)at < (uint)s.Length && s[at] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// A string whose opening quote is at <paramref name="at"/>; on success <paramref name="at"/> is just past the
    /// closing quote and <paramref name="escaped"/> says whether the content holds any escape.
    /// </summary>
    public static bool TryString(ReadOnlySpan<byte> s, ref int at, out bool escaped)
    {
        escaped = false;
        var i = at + 1;
        while (true) // bounded: i grows on every pass, and every pass checks it against the length
        {
            i = NextStop(s, i);
            if (i >= s.Length)
            {
                return false; // unterminated
            }

            if (s[i] == (byte)'"')
            {
                at = i + 1;
                return true;
            }

            if (s[i] != (byte)'\\' || !TryEscape(s, ref i))
            {
                return false; // a raw control byte, or a bad escape
            }

            escaped = true;
        }
    }

    /// <summary>
    /// The index of the first quote, backslash or control byte at or after <paramref name="i"/>, or the length.
    /// </summary>
    /// <remarks>
    /// Strings are scanned 16 bytes at a time with Vector128 compares; the last &lt; 16 bytes, and machines without
    /// vector hardware, use <see cref="NextStopScalar"/> (the reference that a property test compares this with).
    /// Measured: a vectorized <c>IndexOfAny(SearchValues)</c> call per string made the scan as slow as a whole
    /// Utf8JsonReader walk (most strings are short keys and ids, and the call setup dominates), and a table loop
    /// left the scan at 0.8 of a walk.
    /// </remarks>
    internal static int NextStop(ReadOnlySpan<byte> s, int i)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            for (; i <= s.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var v = Vector128.Create(s.Slice(i, Vector128<byte>.Count));
                var stops = Vector128.Equals(v, quote) | Vector128.Equals(v, backslash) | Vector128.LessThan(v, space);
                var mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        return NextStopScalar(s, i);
    }

    /// <summary>The scalar form of <see cref="NextStop"/>.</summary>
    internal static int NextStopScalar(ReadOnlySpan<byte> s, int i)
    {
        var table = StopTable;
        for (; i < s.Length; i++)
        {
            if (table[s[i]] != 0)
            {
                return i;
            }
        }

        return s.Length;
    }

    /// <summary>
    /// The candidate end of a JSON-encoded object inside a string whose content starts at <paramref name="start"/>: the
    /// index of the <c>}</c> of the first <c>}"</c> at or after it, when the content up to that <c>}</c> holds no
    /// control byte and as many quotes as backslashes; else -1 (<see cref="EscapedObjectEndScalar"/> is the reference).
    /// </summary>
    /// <remarks>
    /// One pass, 32 bytes at a time, instead of four (the <c>}"</c> search, the control-byte check and two counts): on
    /// the AOAI bodies whose <c>properties</c> come as a string those passes were ~2 % of a run. A control byte ends the
    /// search at once: it would be inside the content wherever the <c>}"</c> is found.
    /// </remarks>
    internal static int EscapedObjectEnd(ReadOnlySpan<byte> s, int start)
    {
        var quotes = 0;
        var backslashes = 0;
        var i = start;
        if (Vector256.IsHardwareAccelerated && i >= 0)
        {
            ref var first = ref MemoryMarshal.GetReference(s);
            var braceBefore = false; // the byte before the block is a '}' (at or after start)
            for (; i <= s.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                var q = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
                var b = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
                var braces = Vector256.Equals(v, Vector256.Create((byte)'}')).ExtractMostSignificantBits();
                var controls = Vector256.LessThan(v, Vector256.Create((byte)' ')).ExtractMostSignificantBits();
                if (braceBefore && (q & 1) != 0)
                {
                    return quotes == backslashes ? i - 1 : -1; // '}' ended the last block, '"' starts this one
                }

                var pairs = braces & (q >> 1); // a '}' whose next byte in the block is '"'
                if (pairs != 0)
                {
                    var k = BitOperations.TrailingZeroCount(pairs); // ≤ 30
                    var upTo = (2u << k) - 1; // bytes 0..k: the content ends at the '}'
                    return (controls & upTo) == 0
                        && quotes + BitOperations.PopCount(q & upTo) == backslashes + BitOperations.PopCount(b & upTo)
                        ? i + k
                        : -1;
                }

                if (controls != 0)
                {
                    return -1;
                }

                quotes += BitOperations.PopCount(q);
                backslashes += BitOperations.PopCount(b);
                braceBefore = (braces >> 31) != 0;
            }
        }

        return EscapedObjectEndTail(s, start, i, quotes, backslashes);
    }

    /// <summary>The four-pass form of <see cref="EscapedObjectEnd"/> that a property test compares it with.</summary>
    internal static int EscapedObjectEndScalar(ReadOnlySpan<byte> s, int start)
    {
        var end = s[start..].IndexOf("}\""u8);
        if (end < 0)
        {
            return -1;
        }

        var content = s.Slice(start, end + 1);
        return content.IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 && content.Count((byte)'"') == content.Count((byte)'\\')
            ? start + end
            : -1;
    }

    /// <summary><see cref="EscapedObjectEnd"/> byte by byte from <paramref name="i"/>, with the counts so far.</summary>
    private static int EscapedObjectEndTail(ReadOnlySpan<byte> s, int start, int i, int quotes, int backslashes)
    {
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == (byte)'"')
            {
                if (i > start && s[i - 1] == (byte)'}')
                {
                    return quotes == backslashes ? i - 1 : -1;
                }

                quotes++;
            }
            else if (c == (byte)'\\')
            {
                backslashes++;
            }
            else if (c < (byte)' ')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The escape at <paramref name="i"/> (on its backslash): a simple escape or \u with four hex digits.</summary>
    private static bool TryEscape(ReadOnlySpan<byte> s, ref int i)
    {
        if (i + 1 >= s.Length)
        {
            return false;
        }

        switch (s[i + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                i += 2;
                return true;
            case (byte)'u' when i + 5 < s.Length:
                var code = 0;
                for (var j = i + 2; j < i + 6; j++)
                {
                    var h = HexValue(s[j]);
                    if (h < 0)
                    {
                        return false;
                    }

                    code = (code << 4) | h;
                }

                i += 6;
                return code is < 0xD800 or > 0xDFFF; // surrogates decline: pairing rules are the reader's business
            default:
                return false;
        }
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
