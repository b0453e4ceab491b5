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

    public static string Duration(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{t.Seconds} s";
    }
}
