using System.Globalization;
using System.Text.Json;

namespace AiObsStream.Formats.Output;

/// <summary>Small helpers shared by the output serializers.</summary>
internal static class JsonFields
{
    /// <summary>Writes a Unix-ms time as ISO-8601 UTC with milliseconds (for example 2026-11-22T11:13:00.000Z).</summary>
    public static void WriteTime(Utf8JsonWriter writer, string name, long unixMs)
    {
        Span<char> buffer = stackalloc char[32];
        var dt = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        dt.TryFormat(buffer, out var n, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer[..n]);
    }

    /// <summary>Writes a number, or nothing when it is NaN/Inf (absent column).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
    }
}
