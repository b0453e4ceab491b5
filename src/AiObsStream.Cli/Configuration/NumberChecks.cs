using System.Globalization;

namespace AiObsStream.Cli.Configuration;

/// <summary>
/// Range checks of real-valued settings, each adding a message naming the setting, so that a section reports every
/// out-of-range value at once (a Core record's own validation stops at its first problem).
/// </summary>
internal static class NumberChecks
{
    /// <summary>A number in an interval, when set; <paramref name="lowOpen"/> and <paramref name="highOpen"/> exclude the ends.</summary>
    public static void Interval(List<string> problems, double? value, string setting, double low, double high, bool lowOpen, bool highOpen)
    {
        if (value is { } v && !((lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{setting}: {v:R} is not in {(lowOpen ? '(' : '[')}{low:R}, {(double.IsPositiveInfinity(high) ? "∞" : high.ToString("R", CultureInfo.InvariantCulture))}{(highOpen ? ')' : ']')}"));
        }
    }

    /// <summary>A fraction in (0, 1], when set.</summary>
    public static void Fraction(List<string> problems, double? value, string setting) =>
        Interval(problems, value, setting, 0, 1, lowOpen: true, highOpen: false);

    /// <summary>A number above <paramref name="low"/>, when set.</summary>
    public static void Above(List<string> problems, double? value, string setting, double low) =>
        Interval(problems, value, setting, low, double.PositiveInfinity, lowOpen: true, highOpen: true);
}
