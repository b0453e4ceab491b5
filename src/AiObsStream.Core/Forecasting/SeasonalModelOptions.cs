namespace AiObsStream.Core.Forecasting;

/// <summary>How <see cref="SeasonalModel"/> fits one series.</summary>
public sealed record SeasonalModelOptions
{
    /// <summary>Scale of the fit (<see cref="ForecastScale.Log"/> for loads, <see cref="ForecastScale.Linear"/> for utilization).</summary>
    public ForecastScale Scale { get; init; } = ForecastScale.Linear;

    /// <summary>Central coverage of the prediction interval (0.9 = from the 5th to the 95th percentile).</summary>
    public double IntervalLevel { get; init; } = 0.9;

    /// <summary>Fewest hourly points to fit at all (one day: the daily cycle must have been seen once).</summary>
    public int MinPoints { get; init; } = 24;

    /// <summary>Upper bound of the series (100 for a utilization in percent; +∞ for loads). Forecasts are clamped to [0, this].</summary>
    public double Ceiling { get; init; } = double.PositiveInfinity;

    /// <summary>Sine/cosine pairs of the daily cycle (4: a business-hours peak with a sharp morning ramp).</summary>
    public int DailyHarmonics { get; init; } = 4;

    /// <summary>Sine/cosine pairs of the weekly cycle (3: a weekday plateau and a weekend dip).</summary>
    public int WeeklyHarmonics { get; init; } = 3;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (!(IntervalLevel is > 0 and < 1))
        {
            throw new ArgumentException($"forecast interval level must be in (0, 1) (got {IntervalLevel})");
        }

        if (MinPoints < 24)
        {
            throw new ArgumentException($"forecast minimum history must be at least 24 hourly points (got {MinPoints})");
        }

        if (!(Ceiling > 0))
        {
            throw new ArgumentException($"forecast ceiling must be > 0 (got {Ceiling})");
        }

        if (DailyHarmonics is < 1 or > 6 || WeeklyHarmonics is < 0 or > 3)
        {
            throw new ArgumentException("forecast harmonics: daily 1-6, weekly 0-3 (a weekly harmonic of 7 or more would repeat a daily one)");
        }
    }
}
