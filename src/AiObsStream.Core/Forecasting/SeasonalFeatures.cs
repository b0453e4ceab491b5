namespace AiObsStream.Core.Forecasting;

/// <summary>
/// The regressors of <see cref="SeasonalModel"/> for one hour: intercept, optional linear trend, then the sine/cosine
/// pairs of the daily (24 h) and, optionally, the weekly (168 h) cycle.
/// </summary>
/// <remarks>Phases are taken from the absolute hour (hours since the Unix epoch), so hour-of-day and hour-of-week mean
/// the same thing for every series and across restarts; the trend is in weeks from the last observed hour, which keeps
/// the columns of comparable size (a well-conditioned QR).</remarks>
internal readonly record struct SeasonalFeatures(bool Trend, int DailyHarmonics, int WeeklyHarmonics, long AnchorHour)
{
    public const int HoursPerDay = 24;
    public const int HoursPerWeek = 168;

    /// <summary>Number of regressors.</summary>
    public int Count => 1 + (Trend ? 1 : 0) + (2 * DailyHarmonics) + (2 * WeeklyHarmonics);

    /// <summary>Writes the regressors of <paramref name="hour"/> into <paramref name="row"/> (length <see cref="Count"/>).</summary>
    public void Fill(long hour, Span<double> row)
    {
        var i = 0;
        row[i++] = 1;
        if (Trend)
        {
            row[i++] = (hour - AnchorHour) / (double)HoursPerWeek;
        }

        var day = 2 * Math.PI * Mod(hour, HoursPerDay) / HoursPerDay;
        for (var k = 1; k <= DailyHarmonics; k++)
        {
            row[i++] = Math.Cos(k * day);
            row[i++] = Math.Sin(k * day);
        }

        var week = 2 * Math.PI * Mod(hour, HoursPerWeek) / HoursPerWeek;
        for (var k = 1; k <= WeeklyHarmonics; k++)
        {
            row[i++] = Math.Cos(k * week);
            row[i++] = Math.Sin(k * week);
        }
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;
}
