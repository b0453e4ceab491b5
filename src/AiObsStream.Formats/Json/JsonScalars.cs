using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiObsStream.Formats.Json;

/// <summary>Reads scalar JSON values the way Azure exports write them: numbers as numbers or strings, ISO times.</summary>
/// <remarks>Never throws (callers only pass scalar tokens). Invariant culture throughout.</remarks>
internal static class JsonScalars
{
    /// <summary>.NET ticks (100 ns since 0001-01-01) of the Unix epoch.</summary>
    public const long UnixEpochTicks = 621_355_968_000_000_000L;

    private const int MaxScalarBytes = 64;

    /// <summary>Reads a finite number from a number token or a string token holding one ("16", " 4.72 ").</summary>
    public static bool TryReadDouble(ref Utf8JsonReader reader, out double value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return FastScalars.TryParseDecimal(reader.ValueSpan, out value)
                || (reader.TryGetDouble(out value) && double.IsFinite(value));
        }

        value = double.NaN;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            return FastScalars.TryParseDecimal(reader.ValueSpan, out value)
                || double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                && double.IsFinite(value);
        }

        Span<byte> buffer = stackalloc byte[MaxScalarBytes];
        return reader.ValueSpan.Length <= MaxScalarBytes
            && double.TryParse(buffer[..reader.CopyString(buffer)], NumberStyles.Float, CultureInfo.InvariantCulture,
                out value)
            && double.IsFinite(value);
    }

    /// <summary>Reads an integer (for example .NET ticks) from a number token or a string token, exactly.</summary>
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out value);
        }

        value = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            return long.TryParse(reader.ValueSpan, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }

        Span<byte> buffer = stackalloc byte[MaxScalarBytes];
        return reader.ValueSpan.Length <= MaxScalarBytes
            && long.TryParse(buffer[..reader.CopyString(buffer)], NumberStyles.Integer, CultureInfo.InvariantCulture,
                out value);
    }

    /// <summary>Reads a bool from true/false, a string "true"/"false" (any case), or a number 1/0.</summary>
    public static bool TryReadBool(ref Utf8JsonReader reader, out bool value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            case JsonTokenType.Number when reader.TryGetDouble(out var n) && (n == 0 || n == 1):
                value = n == 1;
                return true;
            case JsonTokenType.String when !reader.ValueIsEscaped:
                value = Ascii.EqualsIgnoreCase(reader.ValueSpan, "true"u8);
                return value || Ascii.EqualsIgnoreCase(reader.ValueSpan, "false"u8);
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// Reads an event time as Unix milliseconds (floor): an ISO-8601 string with up to 7 fractional digits and a
    /// zone (<c>2024-04-08T12:23:02.4350000Z</c>), or a number of Unix milliseconds (|n| ≥ 1e11) or seconds.
    /// </summary>
    public static bool TryReadTime(ref Utf8JsonReader reader, out long unixMs)
    {
        unixMs = 0;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (!reader.ValueIsEscaped && FastScalars.TryParseUtcTime(reader.ValueSpan, out unixMs))
            {
                return true;
            }

            if (!reader.TryGetDateTimeOffset(out var time))
            {
                return false;
            }

            unixMs = TicksToUnixMs(time.UtcTicks);
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var n) || !double.IsFinite(n))
        {
            return false;
        }

        var ms = Math.Abs(n) >= 1e11 ? n : n * 1000.0;
        if (Math.Abs(ms) > 2e14)
        {
            return false; // beyond year 8000: not a time
        }

        unixMs = (long)Math.Floor(ms);
        return true;
    }

    /// <summary>Converts .NET ticks to Unix milliseconds, rounding toward negative infinity.</summary>
    public static long TicksToUnixMs(long ticks)
    {
        var sinceEpoch = ticks - UnixEpochTicks;
        var ms = sinceEpoch / TimeSpan.TicksPerMillisecond;
        return sinceEpoch < 0 && ms * TimeSpan.TicksPerMillisecond != sinceEpoch ? ms - 1 : ms;
    }

    /// <summary>A short name of a token type for messages ("a string", "an object").</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a bool",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>The text of the current scalar token for an error message (cut to 64 characters).</summary>
    public static string Excerpt(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return Describe(reader.TokenType);
        }

        var span = reader.ValueSpan;
        var text = span[..Math.Min(span.Length, MaxScalarBytes)];
        var s = Encoding.UTF8.GetString(text);
        return reader.TokenType == JsonTokenType.String ? "\"" + s + "\"" : s;
    }
}
