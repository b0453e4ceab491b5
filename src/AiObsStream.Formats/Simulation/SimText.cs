using System.Globalization;

namespace AiObsStream.Formats.Simulation;

/// <summary>Invariant text forms used by the simulation writers.</summary>
internal static class SimText
{
    /// <summary>ISO-8601 UTC with 7 fractional digits, as Azure Monitor writes <c>time</c>.</summary>
    public static string Time(long utcTicks) =>
        new DateTime(utcTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO-8601 UTC with milliseconds, from Unix milliseconds.</summary>
    public static string TimeMs(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A number with at most two decimals (App Insights string properties: "64.16").</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An integer.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
