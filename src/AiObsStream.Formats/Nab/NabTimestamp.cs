namespace AiObsStream.Formats.Nab;

/// <summary>Parses NAB timestamps: <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of up to 7 digits (the
/// windows file writes <c>.000000</c>), read as UTC.</summary>
public static class NabTimestamp
{
    /// <summary>Parses <paramref name="text"/> (ASCII/UTF-8) to Unix milliseconds; never throws.</summary>
    /// <param name="text">The timestamp, without quotes or surrounding spaces.</param>
    /// <param name="unixMs">The instant, Unix ms UTC (fractions below 1 ms are dropped).</param>
    /// <returns>False when the text is not a valid timestamp of that form.</returns>
    public static bool TryParse(ReadOnlySpan<byte> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T')
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text[..4], out int year) || !Digits(text.Slice(5, 2), out int month) || !Digits(text.Slice(8, 2), out int day)
            || !Digits(text.Slice(11, 2), out int hour) || !Digits(text.Slice(14, 2), out int minute)
            || !Digits(text.Slice(17, 2), out int second))
        {
            return false;
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23
            || minute > 59 || second > 59 || !TryFraction(text[19..], out int millis))
        {
            return false;
        }

        var date = new DateTime(year, month, day, hour, minute, second, millis, DateTimeKind.Utc);
        unixMs = (date.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        return true;
    }

    /// <summary>Parses a UTF-16 timestamp (for JSON strings); never throws.</summary>
    /// <param name="text">The timestamp.</param>
    /// <param name="unixMs">The instant, Unix ms UTC.</param>
    /// <returns>False when the text is not a valid timestamp.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[64];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 127)
            {
                return false;
            }

            bytes[i] = (byte)text[i];
        }

        return TryParse(bytes[..text.Length], out unixMs);
    }

    private static bool TryFraction(ReadOnlySpan<byte> rest, out int millis)
    {
        millis = 0;
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest[0] != '.' || rest.Length < 2 || rest.Length > 8 || !Digits(rest[1..], out _))
        {
            return false;
        }

        for (int i = 1; i <= 3; i++)
        {
            millis = (millis * 10) + (i < rest.Length ? rest[i] - '0' : 0);
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte b in text)
        {
            if (b < '0' || b > '9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
