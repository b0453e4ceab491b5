namespace AiObsStream.Core.Forecasting;

/// <summary>The scale a series is fitted on.</summary>
public enum ForecastScale
{
    /// <summary>The values as they are: seasonal effects add (GPU utilization, bounded 0-100 %).</summary>
    Linear = 0,

    /// <summary>
    /// log(1 + value): seasonal effects multiply (request and token load: a weekend scales every hour of the day by the
    /// same factor rather than taking off the same number of requests); the back-transformed point is the median.
    /// </summary>
    Log = 1,
}
