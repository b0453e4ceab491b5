using System.Runtime.CompilerServices;

namespace AiObsStream.Formats.Json;

/// <content>The JSON grammar of the flat inner object, on escaped bytes (each inner quote is <c>\"</c>).</content>
internal static partial class EscapedObjectScanner
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // five calls per member, nearly all on a non-space (perf: 0.8 % of an AOAI run as calls)
    private static int SkipSpaces(ReadOnlySpan<byte> s, int at)
    {
        while (at < s.Length && s[at] == (byte)' ')
        {
            at++;
        }

        return at;
    }

    /// <summary>An escaped-quoted string <c>\"...\"</c> whose content has no escape; returns its content range.</summary>
    private static bool TryString(ReadOnlySpan<byte> s, ref int at, out int start, out int length)
    {
        start = at + 2;
        length = 0;
        if (at + 1 >= s.Length || s[at] != (byte)'\\' || s[at + 1] != (byte)'"')
        {
            return false;
        }

        var end = s[start..].IndexOf((byte)'\\');
        if (end < 0 || start + end + 1 >= s.Length || s[start + end + 1] != (byte)'"')
        {
            return false; // unterminated, or an escape other than \" inside the inner string
        }

        length = end;
        at = start + end + 2;
        return true;
    }

    private static bool TryValue(ReadOnlySpan<byte> s, ref int at, out Token token)
    {
        token = Token.String;
        if (at >= s.Length)
        {
            return false;
        }

        switch (s[at])
        {
            case (byte)'\\':
                return TryString(s, ref at, out _, out _);
            case (byte)'t':
                token = Token.Literal;
                return TryLiteral(s, ref at, "true"u8);
            case (byte)'f':
                token = Token.Literal;
                return TryLiteral(s, ref at, "false"u8);
            case (byte)'n':
                token = Token.Null;
                return TryLiteral(s, ref at, "null"u8);
            default:
                token = Token.Number;
                return TryNumber(s, ref at);
        }
    }

    private static bool TryLiteral(ReadOnlySpan<byte> s, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!s[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true; // what follows is checked by the caller (spaces, then ',' or '}')
    }

    /// <summary>JSON number grammar (shared with the fast path: <see cref="FastJsonGrammar.TryNumber"/>).</summary>
    private static bool TryNumber(ReadOnlySpan<byte> s, ref int at) => FastJsonGrammar.TryNumber(s, ref at);
}
