using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AiObsStream.Formats.Json;

/// <content>Numbers, literals, skipped values and the punctuation between members.</content>
internal static partial class FastJsonGrammar
{
    /// <summary>A number per the JSON grammar <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c> at <paramref name="at"/>.</summary>
    /// <remarks>What follows is checked by the caller (whitespace, then a comma or a closing bracket).</remarks>
    public static bool TryNumber(ReadOnlySpan<byte> s, ref int at)
    {
        var i = at;
        if (i < s.Length && s[i] == (byte)'-')
        {
            i++;
        }

        if (i >= s.Length || !char.IsAsciiDigit((char)s[i]))
        {
            return false;
        }

        i = s[i] == (byte)'0' ? i + 1 : Digits(s, i);
        if (i < s.Length && s[i] == (byte)'.')
        {
            var fraction = Digits(s, i + 1);
            if (fraction == i + 1)
            {
                return false;
            }

            i = fraction;
        }

        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponent = Digits(s, i);
            if (exponent == i)
            {
                return false;
            }

            i = exponent;
        }

        at = i;
        return true;
    }

    /// <summary>The index of the first byte at or after <paramref name="at"/> (≤ the length) that is not an ASCII digit, or the length.</summary>
    /// <remarks>
    /// 16 bytes at a time where 16 remain (one unsigned compare of each byte minus '0' with 9), then byte by byte
    /// (<see cref="DigitsScalar"/>, the reference a property test compares this with): the 18-digit
    /// <c>requestTime</c> / <c>responseTime</c> ticks of every AOAI record took 18 turns of the byte loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // twice per number, a few digits each (perf: 0.6-1.3 % of an AOAI run as calls)
    internal static int Digits(ReadOnlySpan<byte> s, int at)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(s);
            for (; at >= 0 && at <= s.Length - Vector128<byte>.Count; at += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref first, (nuint)at);
                var other = Vector128.GreaterThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9))
                    .ExtractMostSignificantBits();
                if (other != 0)
                {
                    return at + BitOperations.TrailingZeroCount(other);
                }
            }
        }

        return DigitsScalar(s, at);
    }

    /// <summary>The byte-by-byte form of <see cref="Digits"/>.</summary>
    internal static int DigitsScalar(ReadOnlySpan<byte> s, int at)
    {
        while (at < s.Length && char.IsAsciiDigit((char)s[at]))
        {
            at++;
        }

        return at;
    }

    /// <summary><paramref name="literal"/> (true, false or null) at <paramref name="at"/>.</summary>
    public static bool TryLiteral(ReadOnlySpan<byte> s, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!s[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true;
    }

    /// <summary>Any JSON value at <paramref name="at"/> (not whitespace), validated and skipped.</summary>
    public static bool TrySkipValue(ReadOnlySpan<byte> s, ref int at, int depth)
    {
        if (at >= s.Length)
        {
            return false;
        }

        return s[at] switch
        {
            (byte)'"' => TryString(s, ref at, out _),
            (byte)'{' => TrySkipContainer(s, ref at, depth + 1, isObject: true),
            (byte)'[' => TrySkipContainer(s, ref at, depth + 1, isObject: false),
            (byte)'t' => TryLiteral(s, ref at, "true"u8),
            (byte)'f' => TryLiteral(s, ref at, "false"u8),
            (byte)'n' => TryLiteral(s, ref at, "null"u8),
            _ => TryNumber(s, ref at),
        };
    }

    /// <summary>An object or array whose opening bracket is at <paramref name="at"/>.</summary>
    private static bool TrySkipContainer(ReadOnlySpan<byte> s, ref int at, int depth, bool isObject)
    {
        var close = isObject ? (byte)'}' : (byte)']';
        at = SkipWhitespace(s, at + 1);
        if (depth > MaxDepth || at >= s.Length)
        {
            return false;
        }

        if (s[at] == close)
        {
            at++;
            return true;
        }

        while (true) // bounded: every member consumes bytes of a finite span or returns
        {
            if (isObject && !TryMemberName(s, ref at, out _))
            {
                return false;
            }

            if (!TrySkipValue(s, ref at, depth) || !TryNext(s, ref at, close, out var done))
            {
                return false;
            }

            if (done)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// A member name at <paramref name="at"/> (escape-free), its colon and the whitespace after it; on success
    /// <paramref name="at"/> is on the value.
    /// </summary>
    public static bool TryMemberName(ReadOnlySpan<byte> s, ref int at, out Range name)
    {
        name = default;
        var start = at + 1;
        if (at >= s.Length || s[at] != (byte)'"' || !TryString(s, ref at, out var escaped) || escaped)
        {
            return false; // escaped names could unescape to a wanted key: the exact path decides
        }

        name = start..(at - 1);
        return TryNameSeparator(s, ref at);
    }

    /// <summary>
    /// After a member name's closing quote: whitespace, the colon and the whitespace after it; on success
    /// <paramref name="at"/> is on the value.
    /// </summary>
    public static bool TryNameSeparator(ReadOnlySpan<byte> s, ref int at)
    {
        at = SkipWhitespace(s, at);
        if (at >= s.Length || s[at] != (byte)':')
        {
            return false;
        }

        at = SkipWhitespace(s, at + 1);
        return at < s.Length;
    }

    /// <summary>After a value: whitespace, then a comma (and the whitespace after it) or <paramref name="close"/>.</summary>
    public static bool TryNext(ReadOnlySpan<byte> s, ref int at, byte close, out bool done)
    {
        at = SkipWhitespace(s, at);
        done = false;
        if (at >= s.Length)
        {
            return false;
        }

        if (s[at] == close)
        {
            at++;
            done = true;
            return true;
        }

        if (s[at] != (byte)',')
        {
            return false;
        }

        at = SkipWhitespace(s, at + 1);
        return at < s.Length && s[at] != close; // a trailing comma is an error for the reader
    }
}
