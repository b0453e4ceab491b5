namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>forecast</c> section: load and utilization forecasts, scale recommendations, the forecast alert.</summary>
internal sealed class ForecastSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How far ahead (duration, whole hours 1..48).</summary>
    public string? Horizon { get; set; }

    /// <summary>History needed before a series is forecast (duration, ≥ 1 day).</summary>
    public string? MinHistory { get; set; }

    /// <summary>History kept per series (duration, minHistory..56 days).</summary>
    public string? MaxHistory { get; set; }

    /// <summary>Central coverage of the intervals, in (0, 1).</summary>
    public double? IntervalLevel { get; set; }

    /// <summary>Forecast each GPU, not only each deployment.</summary>
    public bool? PerGpu { get; set; }

    /// <summary>GPU utilization % at the forecast peak the recommendation aims at, in (0, 100].</summary>
    public double? TargetUtilization { get; set; }
}
