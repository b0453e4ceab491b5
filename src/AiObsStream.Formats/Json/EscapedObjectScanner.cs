namespace AiObsStream.Formats.Json;

/// <summary>
/// Reads a JSON object that arrives JSON-encoded inside a string (AOAI <c>properties</c>, formats.md §1.2) straight
/// from the string's escaped bytes, without unescaping it and reading it a second time.
/// </summary>
/// <remarks>
/// <para>Only the common shape is handled: the only escapes are <c>\"</c> (so every inner string is escape-free), the
/// object is flat (values are strings, numbers, true, false or null), whitespace is spaces, and every captured value
/// has the spelling the fast scalar parsers accept. For that shape, unescaping gives the same document with each
/// <c>\"</c> turned into <c>"</c>, so scanning the escaped bytes sees exactly the tokens a <c>Utf8JsonReader</c> over
/// the unescaped copy would. Anything else (another escape such as <c>\u0022</c>, <c>\\</c> or <c>\/</c>, a nested
/// object or array, a token that is not valid JSON, more than <see cref="MaxMatches"/> captured keys, a value
/// needing the BCL parsers) makes <see cref="TryRead"/> return false <em>before</em> anything is written, and the
/// caller takes the exact path (unescape + nested reader), which also produces the exact error messages.</para>
/// <para>Escapes are validated by the outer reader before this runs; control characters cannot occur raw in a JSON
/// string, so a raw tab or newline cannot appear here either.</para>
/// </remarks>
internal static partial class EscapedObjectScanner
{
    /// <summary>The most captured keys one object may have on the fast path (the match buffer is 256 bytes).</summary>
    public const int MaxMatches = 8;

    private enum Token : byte
    {
        String,
        Number,
        Literal,
        Null,
    }

    /// <summary>
    /// Captures the keys of <paramref name="table"/> from <paramref name="escaped"/> (the raw bytes between the
    /// quotes of a JSON string) into <paramref name="scratch"/>; false, with nothing written, when the fast path
    /// does not apply.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> escaped, KeyTable table, RecordScratch scratch)
    {
        Span<Match> matches = stackalloc Match[MaxMatches];
        var count = 0;
        var at = SkipSpaces(escaped, 0);
        if (at >= escaped.Length || escaped[at] != (byte)'{')
        {
            return false;
        }

        at = SkipSpaces(escaped, at + 1);
        if (at < escaped.Length && escaped[at] == (byte)'}')
        {
            return SkipSpaces(escaped, at + 1) == escaped.Length; // {} : nothing to capture
        }

        var keys = scratch.KeyOrder(table);
        for (var position = 0; ; position++) // bounded: every member consumes at least 5 bytes of a finite span
        {
            if (!TryMember(escaped, ref at, keys, position, matches, ref count))
            {
                return false;
            }

            at = SkipSpaces(escaped, at);
            if (at >= escaped.Length)
            {
                return false;
            }

            if (escaped[at] == (byte)'}')
            {
                break;
            }

            if (escaped[at] != (byte)',')
            {
                return false;
            }

            at = SkipSpaces(escaped, at + 1);
        }

        if (SkipSpaces(escaped, at + 1) != escaped.Length)
        {
            return false;
        }

        Apply(escaped, matches[..count], scratch);
        return true;
    }

    /// <summary>
    /// One <c>\"key\": value</c> member; a key of the table of <paramref name="keys"/> queues its value. The key is
    /// matched against the one the previous object had at this position first (<see cref="KeyOrderCache"/>: a hit
    /// needs the same bytes followed by <c>\"</c>, which is what <see cref="TryString"/> would have found), else
    /// scanned, looked up and learned.
    /// </summary>
    private static bool TryMember(ReadOnlySpan<byte> escaped, ref int at, KeyOrderCache keys, int position,
        Span<Match> matches, ref int count)
    {
        bool found;
        KeySpec spec;
        if (at + 1 < escaped.Length && escaped[at] == (byte)'\\' && escaped[at + 1] == (byte)'"'
            && keys.TryHit(escaped, at + 2, position, (byte)'\\', out var length, out found, out spec)
            && at + length + 3 < escaped.Length && escaped[at + length + 3] == (byte)'"')
        {
            at += length + 4;
        }
        else
        {
            if (!TryString(escaped, ref at, out var keyStart, out var keyLength))
            {
                return false;
            }

            var key = escaped.Slice(keyStart, keyLength);
            found = keys.Table.TryGet(key, out spec);
            keys.Learn(position, key, found, spec);
        }

        at = SkipSpaces(escaped, at);
        if (at >= escaped.Length || escaped[at] != (byte)':')
        {
            return false;
        }

        at = SkipSpaces(escaped, at + 1);
        var valueStart = at;
        if (!TryValue(escaped, ref at, out var token))
        {
            return false;
        }

        return !found || TryMatch(escaped, valueStart, at, token, spec, matches, ref count);
    }

    /// <summary>
    /// Checks that the value of a captured key reads as <see cref="JsonRecordReader"/> would read it with the fast
    /// scalar parsers, and queues it; false when the value needs the exact path.
    /// </summary>
    private static bool TryMatch(ReadOnlySpan<byte> s, int start, int end, Token token, KeySpec spec,
        Span<Match> matches, ref int count)
    {
        if (token == Token.Null && spec.Kind is FieldKind.Text or FieldKind.Number or FieldKind.Ticks)
        {
            return true; // null fills nothing and marks nothing for these kinds
        }

        if (count == matches.Length)
        {
            return false;
        }

        if (token == Token.String)
        {
            start += 2; // the content between \" and \"
            end -= 2;
        }

        var text = s[start..end];
        ref var m = ref matches[count];
        m = new Match(spec, start, text.Length);
        switch (spec.Kind)
        {
            case FieldKind.Text when token != Token.String && TypeRules.IsStrictText(spec.Field):
                return false; // a name of the wrong type: the exact path notes it with its message
            case FieldKind.Text:
                break; // strings, and numbers and literals of lenient fields, are captured as their text
            case FieldKind.Number when token is Token.String or Token.Number:
                if (!FastScalars.TryParseDecimal(text, out m.Number))
                {
                    return false;
                }

                break;
            case FieldKind.Ticks when token is Token.String or Token.Number:
                if (!TryTicks(text, token, out m.Ticks))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        count++;
        return true;
    }

    /// <summary>Plain digits (and a leading '-' for a number token), which TryGetInt64 / long.TryParse read the same.</summary>
    private static bool TryTicks(ReadOnlySpan<byte> text, Token token, out long ticks)
    {
        var digits = token == Token.Number && text.Length > 0 && text[0] == (byte)'-' ? text[1..] : text;
        if (!FastScalars.TryParseDigits(digits, out ticks))
        {
            return false;
        }

        ticks = digits.Length == text.Length ? ticks : -ticks;
        return true;
    }

    private static void Apply(ReadOnlySpan<byte> escaped, ReadOnlySpan<Match> matches, RecordScratch s)
    {
        foreach (ref readonly var m in matches)
        {
            var spec = m.Spec;
            switch (spec.Kind)
            {
                case FieldKind.Text when s.WantsText(spec.Field, spec.Priority):
                    escaped.Slice(m.Start, m.Length).CopyTo(s.ReserveText(m.Length));
                    s.CommitText(spec.Field, spec.Priority, m.Length);
                    break;
                case FieldKind.Number:
                    s.SetNumber(spec.Field, spec.Priority, m.Number);
                    break;
                case FieldKind.Ticks when spec.Field == JsonField.RequestTicks:
                    s.RequestTicks = m.Ticks;
                    break;
                case FieldKind.Ticks:
                    s.ResponseTicks = m.Ticks;
                    break;
            }
        }
    }

    /// <summary>One captured value, checked and parsed, waiting for the whole object to be validated.</summary>
    private struct Match(KeySpec spec, int start, int length)
    {
        public readonly KeySpec Spec = spec;
        public readonly int Start = start;
        public readonly int Length = length;
        public double Number;
        public long Ticks;
    }
}
