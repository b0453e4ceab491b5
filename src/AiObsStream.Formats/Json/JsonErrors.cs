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
