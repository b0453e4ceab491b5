namespace AiObsStream.Core.Cost;

/// <summary>The spend alerts and forecast over the per-deployment spend series.</summary>
public sealed record SpendAlertOptions
{
    /// <summary>Spend series resolution; must divide one day.</summary>
    public TimeSpan Bucket { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The seed rule fires when the last 24 h spend exceeds the trailing 7-day daily average by more than this fraction.</summary>
    public double AboveWeeklyAverage { get; init; } = 0.10;

    /// <summary>The seed rule ignores days whose spend is below this many USD (noise on idle deployments).</summary>
    public double MinDailyUsd { get; init; }

    /// <summary>Run SR-CNN on the bucketed spend series (needs a model; see <see cref="SpendMonitor"/>).</summary>
    public bool SrCnn { get; init; } = true;

    /// <summary>Emit a 7-day spend forecast row per deployment at each UTC midnight.</summary>
    public bool Forecast { get; init; } = true;

    /// <summary>Weeks of history kept for the seasonal forecast.</summary>
    public int ForecastWeeks { get; init; } = 4;

    /// <summary>The minute-level <c>spend-surge</c> alert.</summary>
    public SpendSurgeOptions Surge { get; init; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the setting.</exception>
    public void Validate()
    {
        var ms = (long)Bucket.TotalMilliseconds;
        if (ms < 60_000 || 86_400_000 % ms != 0)
        {
            throw new ArgumentException($"pricing.spend.bucket: {Bucket} must be at least 1 minute and divide one day");
        }

        if (!(AboveWeeklyAverage > 0) || !double.IsFinite(AboveWeeklyAverage))
        {
            throw new ArgumentException("pricing.spend.aboveWeeklyAverage: must be a positive fraction, e.g. 0.1 for 10 %");
        }

        if (!(MinDailyUsd >= 0) || !double.IsFinite(MinDailyUsd))
        {
            throw new ArgumentException("pricing.spend.minDailyUsd: must be zero or more");
        }

        if (ForecastWeeks is < 1 or > 12)
        {
            throw new ArgumentException("pricing.spend.forecastWeeks: must be from 1 to 12");
        }

        ArgumentNullException.ThrowIfNull(Surge);
        Surge.Validate();
    }
}
