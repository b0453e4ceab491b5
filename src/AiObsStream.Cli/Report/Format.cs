using System.Globalization;

namespace AiObsStream.Cli.Report;

/// <summary>Culture-invariant number and time text for the report (the same text the browser test reads back).</summary>
internal static class Format
{
    public static string Number(double v) =>
        !double.IsFinite(v) ? string.Empty
        : Math.Abs(v) >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 10 ? v.ToString("0.#", CultureInfo.InvariantCulture)
        : v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Count(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Usd(double v) => v.ToString(Math.Abs(v) >= 100 ? "#,0.00" : "0.00##", CultureInfo.InvariantCulture);

    public static string Time(long ms) => ms < 0 ? string.Empty
        : DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    /// <summary>The time as "HH:mm", or "yyyy-MM-dd HH:mm" when <paramref name="withDate"/>; empty for no time.</summary>
    public static string Clock(long ms, bool withDate) => Time(ms) is { Length: > 16 } t ? (withDate ? t[..16] : t[11..16]) : string.Empty;

    /// <summary>The UTC day as "yyyy-MM-dd"; empty for no time.</summary>
    public static string Day(long ms) => Time(ms) is { Length: > 10 } t ? t[..10] : string.Empty;

    public static string Duration(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{t.Seconds} s";
    }
}
