using System.Text;
using System.Text.Json;

namespace AiObsStream.Formats;

/// <summary>Detects the input format of a file or message from its first bytes.</summary>
/// <remarks>Pure functions of the bytes given; never throw.</remarks>
public static class FormatSniffer
{
    /// <summary>
    /// Detects the format from the first bytes (a UTF-8 BOM and leading whitespace are skipped):
    /// <c>{"records"</c> as the first key (any case), or <c>[</c> followed by such an object, is
    /// <see cref="InputFormat.EventHubsJson"/>; another <c>{</c> is <see cref="InputFormat.StructuredLog"/>;
    /// <c>#</c> or a metric-name character (letter, <c>_</c>, <c>:</c>) is <see cref="InputFormat.Prometheus"/>.
    /// </summary>
    /// <param name="head">The first bytes (a few hundred are plenty). When the head ends inside the first key and what
    /// is there is a prefix of <c>"records"</c>, the result is <see cref="InputFormat.EventHubsJson"/>.</param>
    /// <returns>The detected format, or <see cref="InputFormat.Unknown"/>.</returns>
    public static InputFormat Detect(ReadOnlySpan<byte> head)
    {
        var rest = SkipSpace(SkipBom(head));
        if (rest.IsEmpty)
        {
            return InputFormat.Unknown;
        }

        var first = rest[0];
        if (first == (byte)'{')
        {
            return FirstKeyIsRecords(rest[1..]) ? InputFormat.EventHubsJson : InputFormat.StructuredLog;
        }

        if (first == (byte)'[')
        {
            var inner = SkipSpace(rest[1..]);
            return !inner.IsEmpty && inner[0] == (byte)'{' && FirstKeyIsRecords(inner[1..])
                ? InputFormat.EventHubsJson
                : InputFormat.Unknown;
        }

        return first == (byte)'#' || first == (byte)'_' || first == (byte)':' || char.IsAsciiLetter((char)first)
            ? InputFormat.Prometheus
            : InputFormat.Unknown;
    }

    /// <summary>
    /// Tells a file holding one pretty-printed JSON document from a .jsonl file (one JSON value per line).
    /// </summary>
    /// <param name="head">The first bytes of the file (include at least the first two lines when possible).</param>
    /// <returns>
    /// True when the first line is not a complete JSON value and the next non-blank line is not one on its own either
    /// (so lines are fragments of one document: read the whole file as one unit). False when the first line is a
    /// complete value, when the head holds no newline (a one-line file reads the same either way), or when a
    /// truncated first line is followed by a complete line (a .jsonl file with a damaged first body).
    /// </returns>
    public static bool IsSingleDocument(ReadOnlySpan<byte> head)
    {
        var text = SkipSpace(SkipBom(head));
        var newline = text.IndexOf((byte)'\n');
        if (newline < 0 || IsCompleteValue(text[..newline]))
        {
            return false;
        }

        var next = text[(newline + 1)..];
        while (!next.IsEmpty)
        {
            var end = next.IndexOf((byte)'\n');
            var line = end < 0 ? next : next[..end];
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                // A last line cut by the head's end cannot be judged; treat it as a fragment.
                return end < 0 || !IsCompleteValue(line);
            }

            next = end < 0 ? default : next[(end + 1)..];
        }

        return true;
    }

    /// <summary>Whether <paramref name="line"/> is exactly one complete JSON value (surrounding whitespace allowed).</summary>
    private static bool IsCompleteValue(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        try
        {
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool FirstKeyIsRecords(ReadOnlySpan<byte> afterBrace)
    {
        var key = SkipSpace(afterBrace);
        if (key.IsEmpty || key[0] != (byte)'"')
        {
            return false;
        }

        key = key[1..];
        var records = "records\""u8;
        var n = Math.Min(key.Length, records.Length);
        return Ascii.EqualsIgnoreCase(key[..n], records[..n]);
    }

    private static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;

    private static ReadOnlySpan<byte> SkipSpace(ReadOnlySpan<byte> bytes) => bytes.TrimStart(" \t\r\n"u8);
}
