using System.Text.Json;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Json;

/// <summary>Builds the whole-unit rejects shared by the JSON parsers (messages say what and where).</summary>
internal static class JsonErrors
{
    /// <summary>A unit over the size limit.</summary>
    public static ParseError TooLarge(int length, int max) =>
        new(RejectReason.TooLarge, $"unit is {length} bytes, larger than MaxUnitBytes ({max})");

    /// <summary>Malformed or truncated JSON, with the byte offset inside the unit where the reader stopped.</summary>
    public static ParseError Malformed(ReadOnlySpan<byte> unit, JsonException ex)
    {
        var offset = Offset(unit, ex);
        var reason = ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        var truncated = offset >= unit.TrimEnd(" \t\r\n"u8).Length ? " (truncated?)" : string.Empty;
        return new ParseError(RejectReason.Malformed,
            $"malformed JSON at byte {offset} of {unit.Length}{truncated}: {reason.TrimEnd()}", -1, offset);
    }

    /// <summary>A record (or a whole line) holding bytes that are not UTF-8, which JSON text must be (RFC 8259 §8.1).</summary>
    public static ParseError InvalidUtf8(long offset, int unitLength, int recordIndex) =>
        new(RejectReason.Malformed, (recordIndex >= 0 ? $"records[{recordIndex}]: " : string.Empty)
            + $"invalid UTF-8 at byte {offset} of {unitLength} (JSON text must be UTF-8, RFC 8259 §8.1)", recordIndex, offset);

    /// <summary>A string whose escapes do not decode (the reader's transcoding error), for a record or a whole unit.</summary>
    public static ParseError Untranscodable(InvalidOperationException ex, int recordIndex) =>
        new(RejectReason.Malformed, (recordIndex >= 0 ? $"records[{recordIndex}]: " : string.Empty)
            + "a string does not decode to valid Unicode (invalid UTF-8 or a lone surrogate escape): " + ex.Message,
            recordIndex);

    /// <summary>The index of the first byte that is not part of a valid UTF-8 sequence, or -1 when all are valid.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        if (System.Text.Unicode.Utf8.IsValid(text))
        {
            return -1;
        }

        var at = 0;
        while (at < text.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(text[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return -1;
    }

    /// <summary>The absolute byte offset of a reader error: line starts plus the position in that line.</summary>
    private static long Offset(ReadOnlySpan<byte> unit, JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var position = ex.BytePositionInLine ?? 0;
        long start = 0;
        for (var i = 0; i < unit.Length && line > 0; i++)
        {
            if (unit[i] == (byte)'\n')
            {
                line--;
                start = i + 1;
            }
        }

        return Math.Min(start + position, unit.Length);
    }
}
