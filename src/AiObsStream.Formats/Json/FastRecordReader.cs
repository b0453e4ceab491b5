using System.Runtime.CompilerServices;
using static AiObsStream.Formats.Json.FastJsonGrammar;

namespace AiObsStream.Formats.Json;

/// <summary>
/// The fast-path twin of <see cref="JsonRecordReader.ReadObject"/>: reads one JSON object of a unit into a
/// <see cref="RecordScratch"/> through a <see cref="KeyTable"/>, with the strict grammar of <see cref="FastJsonGrammar"/>
/// instead of a <see cref="System.Text.Json.Utf8JsonReader"/>.
/// </summary>
/// <remarks>
/// <para>It performs the same scratch writes, in the same order, as the exact path does for the value spellings it
/// accepts: escape-free keys; text values as escape-free strings, numbers or literals (null and containers capture
/// nothing); numbers and string-numbers that <see cref="FastScalars.TryParseDecimal"/> reads; true/false; ticks as
/// at most 18 plain digits; times that <see cref="FastScalars.TryParseUtcTime(ReadOnlySpan{byte}, FastScalars.UtcMinuteCache, out long)"/> reads; <c>properties</c> as an
/// object, or as an escaped string that <see cref="EscapedObjectScanner"/> reads in place. Every other spelling of a
/// wanted value (an escaped key or string, an exponent, a bad number, a numeric time, a nested error) returns false:
/// the caller then discards the unit's fast-path output and parses the unit with the exact path, which produces
/// the exact values, rejects and messages.</para>
/// </remarks>
internal static class FastRecordReader
{
    /// <summary>The most digits of a plain integer read by <see cref="TryNumberField"/>'s shortcut (FastScalars.TryParseDecimal's limit).</summary>
    private const int MaxPlainDigits = 15;

    /// <summary>
    /// Reads the object whose <c>{</c> is at <paramref name="at"/>; on success <paramref name="at"/> is just past
    /// its <c>}</c>. <paramref name="nested"/> is the table for <c>properties</c> (null inside it).
    /// </summary>
    public static bool TryReadObject(ReadOnlySpan<byte> s, ref int at, KeyTable table, KeyTable? nested,
        RecordScratch scratch, int depth)
    {
        at = SkipWhitespace(s, at + 1);
        if (depth > MaxDepth || at >= s.Length)
        {
            return false;
        }

        if (s[at] == (byte)'}')
        {
            at++;
            return true;
        }

        var keys = scratch.KeyOrder(table);
        for (var position = 0; ; position++) // bounded: every member consumes bytes of a finite span or returns
        {
            if (!TryKey(s, ref at, keys, position, out var found, out var spec))
            {
                return false;
            }

            var ok = found
                ? TryReadValue(s, ref at, spec, nested, scratch, depth)
                : TrySkipValue(s, ref at, depth);
            if (!ok)
            {
                return false;
            }

            // The usual spelling between members, a comma right before the next name's quote, without the call: what
            // TryNext returns for it (no whitespace to skip, and a quote is not the closing brace).
            var next = at + 1;
            if ((uint)next < (uint)s.Length && s[at] == (byte)',' && s[next] == (byte)'"')
            {
                at = next;
                continue;
            }

            if (!TryNext(s, ref at, (byte)'}', out var done))
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
    /// The member name at <paramref name="at"/> and its colon (<see cref="FastJsonGrammar.TryMemberName"/>) with the
    /// table's answer for it: from <paramref name="keys"/> when the previous object had the same key at this position,
    /// else scanned, looked up and learned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per member, from one call site: its call and out-parameters through memory showed (perf)
    private static bool TryKey(ReadOnlySpan<byte> s, ref int at, KeyOrderCache keys, int position, out bool found,
        out KeySpec spec)
    {
        if (at < s.Length && s[at] == (byte)'"'
            && keys.TryHit(s, at + 1, position, (byte)'"', out var length, out found, out spec))
        {
            at += length + 2;

            // The usual spelling, a colon right after the name and no space after it, without the call: what
            // TryNameSeparator returns for it (perf: its call was ~3 % of a one-deployment run, once per member).
            var value = at + 1;
            if ((uint)value < (uint)s.Length && s[at] == (byte)':' && s[value] > (byte)' ')
            {
                at = value;
                return true;
            }

            return TryNameSeparator(s, ref at);
        }

        if (!TryMemberName(s, ref at, out var name))
        {
            found = false;
            spec = default;
            return false;
        }

        found = keys.Table.TryGet(s[name], out spec);
        keys.Learn(position, s[name], found, spec);
        return true;
    }

    private static bool TryReadValue(ReadOnlySpan<byte> s, ref int at, KeySpec spec, KeyTable? nested,
        RecordScratch scratch, int depth)
    {
        var c = s[at];
        if (c == (byte)'n' || (c is (byte)'{' or (byte)'[' && spec.Kind != FieldKind.Nested))
        {
            // null never fills a field; a container fills only properties. A container anywhere else is of the wrong
            // type (TypeRules) unless the field is lenient text: take the exact path, which notes it with its message.
            return (c == (byte)'n' || (spec.Kind == FieldKind.Text && !TypeRules.IsStrictText(spec.Field)))
                && TrySkipValue(s, ref at, depth);
        }

        return spec.Kind switch
        {
            FieldKind.Text => TryText(s, ref at, spec, scratch),
            FieldKind.Number => TryNumberField(s, ref at, spec, scratch),
            FieldKind.Bool => TryBool(s, ref at, spec, scratch),
            FieldKind.Ticks => TryTicks(s, ref at, spec, scratch),
            FieldKind.Time => TryTime(s, ref at, scratch, depth),
            FieldKind.Nested when spec.Field == JsonField.Identity => TryIdentity(s, ref at, scratch, depth),
            FieldKind.Nested => TryNested(s, ref at, nested, scratch, depth),
            _ => false,
        };
    }

    /// <summary>A string, number or literal; its content (or raw text) is captured when the field wants it.</summary>
    private static bool TryText(ReadOnlySpan<byte> s, ref int at, KeySpec spec, RecordScratch scratch)
    {
        if (s[at] != (byte)'"' && TypeRules.IsStrictText(spec.Field))
        {
            return false; // a number or bool where a name belongs: the exact path notes the wrong type
        }

        bool ok;
        bool escaped;
        Range content;
        if (s[at] == (byte)'"')
        {
            // A string, the usual text value, without TryScalar's dispatch: what TryScalar returns for it.
            var start = at + 1;
            ok = TryString(s, ref at, out escaped);
            content = start..(at - 1);
        }
        else
        {
            ok = TryScalar(s, ref at, out content, out escaped);
        }

        if (!ok)
        {
            return false;
        }

        if (!scratch.WantsText(spec.Field, spec.Priority))
        {
            return true;
        }

        if (escaped)
        {
            return false; // unescaping is the exact path's job
        }

        var text = s[content];
        text.CopyTo(scratch.ReserveText(text.Length));
        scratch.CommitText(spec.Field, spec.Priority, text.Length);
        return true;
    }

    private static bool TryNumberField(ReadOnlySpan<byte> s, ref int at, KeySpec spec, RecordScratch scratch)
    {
        // The usual spelling, a plain integer of at most 15 digits with no leading zero (durationMs, requestLength), in
        // one pass: TryNumber ends the token where the digits end unless a fraction or exponent follows, and
        // TryParseDecimal reads those digits as the exact double of their value. Anything else takes the path below.
        if ((uint)(s[at] - (byte)'1') <= 8)
        {
            long digits = s[at] - (byte)'0';
            var i = at + 1;
            for (; i < s.Length && i - at < MaxPlainDigits && (uint)(s[i] - (byte)'0') <= 9; i++)
            {
                digits = (digits * 10) + (s[i] - (byte)'0');
            }

            if (i >= s.Length || (s[i] is not ((byte)'.' or (byte)'e' or (byte)'E') && (uint)(s[i] - (byte)'0') > 9))
            {
                at = i;
                scratch.SetNumber(spec.Field, spec.Priority, digits);
                return true;
            }
        }

        if (s[at] is (byte)'t' or (byte)'f' || !TryScalar(s, ref at, out var content, out var escaped) || escaped)
        {
            return false; // a bool is not a number: the exact path marks it invalid, with its text
        }

        if (!FastScalars.TryParseDecimal(s[content], out var value))
        {
            return false; // another spelling, or not a number (the exact path marks it invalid with its text)
        }

        scratch.SetNumber(spec.Field, spec.Priority, value);
        return true;
    }

    private static bool TryBool(ReadOnlySpan<byte> s, ref int at, KeySpec spec, RecordScratch scratch)
    {
        var isTrue = s[at] == (byte)'t';
        if (!TryLiteral(s, ref at, isTrue ? "true"u8 : "false"u8))
        {
            return false; // strings and numbers of a bool: exact path
        }

        scratch.SetNumber(spec.Field, spec.Priority, isTrue ? 1 : 0);
        return true;
    }

    /// <summary>Plain digits (a leading '-' only for a number token): what TryGetInt64 and long.TryParse read the same.</summary>
    private static bool TryTicks(ReadOnlySpan<byte> s, ref int at, KeySpec spec, RecordScratch scratch)
    {
        var isString = s[at] == (byte)'"';
        if (!TryScalar(s, ref at, out var content, out var escaped) || escaped)
        {
            return false;
        }

        var text = s[content];
        var negative = !isString && text.Length > 0 && text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        if (!FastScalars.TryParseDigits(digits, out var ticks))
        {
            return false;
        }

        ticks = negative ? -ticks : ticks;
        if (spec.Field == JsonField.RequestTicks)
        {
            scratch.RequestTicks = ticks;
        }
        else
        {
            scratch.ResponseTicks = ticks;
        }

        return true;
    }

    private static bool TryTime(ReadOnlySpan<byte> s, ref int at, RecordScratch scratch, int depth)
    {
        if (scratch.TimeState == 1)
        {
            return TrySkipValue(s, ref at, depth); // the first good time wins; later values are not read
        }

        var start = at + 1;
        if (s[at] != (byte)'"' || !TryString(s, ref at, out var escaped) || escaped)
        {
            return false; // numeric or escaped times: exact path
        }

        if (!FastScalars.TryParseUtcTime(s[start..(at - 1)], scratch.Minutes, out var unixMs))
        {
            return false;
        }

        scratch.SetTime(unixMs);
        return true;
    }

    /// <summary>
    /// A Key Vault <c>identity</c> (or its <c>claim</c>) object, read with <see cref="JsonKeys.Identity"/> at any level;
    /// any other type takes the exact path, which notes it as a problem of <c>identity</c>.
    /// </summary>
    private static bool TryIdentity(ReadOnlySpan<byte> s, ref int at, RecordScratch scratch, int depth) =>
        s[at] == (byte)'{' && TryReadObject(s, ref at, JsonKeys.Identity, null, scratch, depth + 1);

    private static bool TryNested(ReadOnlySpan<byte> s, ref int at, KeyTable? nested, RecordScratch scratch, int depth)
    {
        if (nested is null)
        {
            return TrySkipValue(s, ref at, depth); // not read as properties: skipped, as the exact path does
        }

        if (s[at] is not ((byte)'{' or (byte)'"'))
        {
            return false; // a number, bool or array: the exact path reports properties of the wrong type
        }

        if (s[at] == (byte)'{')
        {
            return TryReadObject(s, ref at, nested, null, scratch, depth + 1);
        }

        return TryEscapedObject(s, ref at, nested, scratch);
    }

    /// <summary>
    /// A <c>properties</c> string in the common shape <c>"{\"key\":value,...}"</c>, read in place by
    /// <see cref="EscapedObjectScanner"/> without first walking the string's escapes one by one.
    /// </summary>
    /// <remarks>
    /// The candidate content ends at the first <c>}"</c>. When <see cref="EscapedObjectScanner.TryRead"/> accepts it,
    /// every backslash in it starts a <c>\"</c> pair (the scanner allows no other backslash). The scanner does not
    /// look inside its inner strings, so this checks the rest: as many quotes as backslashes (no raw quote, which
    /// would end the JSON string early) and no raw control byte (UTF-8 validity is checked once per unit by the
    /// caller). Then the JSON string really ends right after the candidate, all its escapes are valid, and the
    /// scanner saw exactly the ValueSpan the exact path hands it, so its result and writes are the same. Anything
    /// else (spaces before the closing quote, another shape) declines.
    /// </remarks>
    private static bool TryEscapedObject(ReadOnlySpan<byte> s, ref int at, KeyTable nested, RecordScratch scratch)
    {
        var start = at + 1;
        var end = EscapedObjectEnd(s, start); // the '}' of the first '}"', the quote and control checks made on the way
        if (end < 0 || !EscapedObjectScanner.TryRead(s[start..(end + 1)], nested, scratch))
        {
            return false;
        }

        at = end + 2;
        return true;
    }

    /// <summary>A string (content range inside the quotes), a number, or true/false (their raw text).</summary>
    private static bool TryScalar(ReadOnlySpan<byte> s, ref int at, out Range content, out bool escaped)
    {
        var start = at;
        escaped = false;
        content = default;
        bool ok;
        switch (s[at])
        {
            case (byte)'"':
                ok = TryString(s, ref at, out escaped);
                content = (start + 1)..(at - 1);
                return ok;
            case (byte)'t':
                ok = TryLiteral(s, ref at, "true"u8);
                break;
            case (byte)'f':
                ok = TryLiteral(s, ref at, "false"u8);
                break;
            default:
                ok = TryNumber(s, ref at);
                break;
        }

        content = start..at;
        return ok;
    }
}
