using System.Globalization;

namespace AiObsStream.Pipeline.Configuration;

/// <summary>Parses durations written as <c>250ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c> or <c>hh:mm:ss</c>.</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="ConfigException"/> naming <paramref name="setting"/>.</summary>
    public static TimeSpan Parse(string? text, string setting)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new ConfigException($"{setting}: '{text}' is not a duration (use e.g. 500ms, 10s, 5m, 1h, 7d or hh:mm:ss)");
    }

    /// <summary>Tries to parse a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }

        var unitStart = 0;
        while (unitStart < s.Length && (char.IsAsciiDigit(s[unitStart]) || s[unitStart] == '.'))
        {
            unitStart++;
        }

        if (unitStart == 0 || !double.TryParse(s.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        double? ms = s[unitStart..] switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" or "min" => n * 60_000,
            "h" => n * 3_600_000,
            "d" => n * 86_400_000,
            _ => null,
        };
        if (ms is null)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }
}
