using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>pricing.spend</c> section.</summary>
internal sealed class SpendSettings
{
    /// <summary>Spend bucket (duration).</summary>
    public string? Bucket { get; set; }

    /// <summary>Alert above the weekly average by this fraction.</summary>
    public double? AboveWeeklyAverage { get; set; }

    /// <summary>Daily USD floor.</summary>
    public double? MinDailyUsd { get; set; }

    /// <summary>SR-CNN on spend.</summary>
    [ConfigurationKeyName("srcnn")]
    public bool? SrCnn { get; set; }

    /// <summary>Forecast on or off.</summary>
    public bool? Forecast { get; set; }

    /// <summary>Forecast weeks (whole number 1..12).</summary>
    public double? ForecastWeeks { get; set; }

    /// <summary>The minute-level spend surge alert.</summary>
    public SurgeSettings? Surge { get; set; }
}
