using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Output;

/// <summary>Small helpers shared by the output serializers.</summary>
internal static class JsonFields
{
    /// <summary>Length of an ISO-8601 UTC time with milliseconds (2026-11-22T11:13:00.000Z).</summary>
    private const int TimeLength = 24;
    private const long MsPerDay = 86_400_000;

    /// <summary>Unix ms of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59.999Z, the range DateTimeOffset accepts.</summary>
    private const long MinUnixMs = -62_135_596_800_000;
    private const long MaxUnixMs = 253_402_300_799_999;

    /// <summary>The wire names of <see cref="TelemetrySource"/>, encoded once (the enum's values are 0..n-1).</summary>
    private static readonly JsonEncodedText[] SourceNames =
        [.. Enum.GetNames<TelemetrySource>().Select(static n => JsonEncodedText.Encode(n))];

    /// <summary>Writes a Unix-ms time as ISO-8601 UTC with milliseconds (for example 2026-11-22T11:13:00.000Z).</summary>
    public static void WriteTime(Utf8JsonWriter writer, string name, long unixMs)
    {
        Span<byte> buffer = stackalloc byte[TimeLength];
        writer.WriteString(name, FormatTime(unixMs, buffer));
    }

    /// <summary>Writes a Unix-ms time as ISO-8601 UTC with milliseconds under a pre-encoded name.</summary>
    public static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, long unixMs)
    {
        Span<byte> buffer = stackalloc byte[TimeLength];
        writer.WriteString(name, FormatTime(unixMs, buffer));
    }

    /// <summary>Writes a number, or nothing when it is NaN/Inf (absent column).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>Writes a number under a pre-encoded name, or nothing when it is NaN/Inf (absent column).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>Writes a 64-bit id as 16 lower-case hex digits (as <c>ToString("x16")</c>, without the string).</summary>
    public static void WriteHex16(Utf8JsonWriter writer, JsonEncodedText name, ulong value)
    {
        Span<byte> buffer = stackalloc byte[16];
        value.TryFormat(buffer, out var n, "x16", CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer[..n]);
    }

    /// <summary>The source's name as written (its enum name).</summary>
    public static JsonEncodedText SourceName(TelemetrySource source) =>
        (uint)source < (uint)SourceNames.Length ? SourceNames[(int)source] : JsonEncodedText.Encode(source.ToString());

    /// <summary>
    /// Formats a Unix-ms time as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> in UTF-8, as <see cref="DateTime.TryFormat(Span{char}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
    /// with that pattern and the invariant culture does, without the culture's pattern interpreter (a row writes three times).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is outside years 1..9999 (as DateTimeOffset throws).</exception>
    internal static ReadOnlySpan<byte> FormatTime(long unixMs, Span<byte> buffer)
    {
        if (!IsTimeInRange(unixMs))
        {
            _ = DateTimeOffset.FromUnixTimeMilliseconds(unixMs); // throws the same error as before
        }

        var days = Math.DivRem(unixMs, MsPerDay, out var msOfDay);
        if (msOfDay < 0)
        {
            days--;
            msOfDay += MsPerDay;
        }

        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms").
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - (era * 146_097);
        var yoe = (doe - (doe / 1460) + (doe / 36_524) - (doe / 146_096)) / 365;
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var day = doy - (((153 * mp) + 2) / 5) + 1;
        var month = mp < 10 ? mp + 3 : mp - 9;
        var year = yoe + (era * 400) + (month <= 2 ? 1 : 0);

        var ms = (int)msOfDay;
        Digits(buffer[..4], (int)year);
        buffer[4] = (byte)'-';
        Digits(buffer.Slice(5, 2), (int)month);
        buffer[7] = (byte)'-';
        Digits(buffer.Slice(8, 2), (int)day);
        buffer[10] = (byte)'T';
        Digits(buffer.Slice(11, 2), ms / 3_600_000);
        buffer[13] = (byte)':';
        Digits(buffer.Slice(14, 2), ms / 60_000 % 60);
        buffer[16] = (byte)':';
        Digits(buffer.Slice(17, 2), ms / 1000 % 60);
        buffer[19] = (byte)'.';
        Digits(buffer.Slice(20, 3), ms % 1000);
        buffer[23] = (byte)'Z';
        return buffer[..TimeLength];
    }

    /// <summary>True when <see cref="FormatTime"/> can format <paramref name="unixMs"/> (years 1..9999).</summary>
    internal static bool IsTimeInRange(long unixMs) => unixMs is >= MinUnixMs and <= MaxUnixMs;

    /// <summary>Writes <paramref name="value"/> as exactly <c>digits.Length</c> decimal digits, zero-padded.</summary>
    private static void Digits(Span<byte> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
