namespace AiObsStream.Formats.Json;

/// <content>The JSON grammar of the flat inner object, on escaped bytes (each inner quote is <c>\"</c>).</content>
internal static partial class EscapedObjectScanner
{
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

    /// <summary>JSON number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool TryNumber(ReadOnlySpan<byte> s, ref int at)
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

    private static int Digits(ReadOnlySpan<byte> s, int at)
    {
        while (at < s.Length && char.IsAsciiDigit((char)s[at]))
        {
            at++;
        }

        return at;
    }
}
