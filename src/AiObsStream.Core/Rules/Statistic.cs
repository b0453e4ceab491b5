using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Rules;

/// <summary>Which column of a metric row a rule compares.</summary>
public enum Statistic
{
    /// <summary>Mean.</summary>
    Mean,

    /// <summary>Minimum.</summary>
    Min,

    /// <summary>Maximum.</summary>
    Max,

    /// <summary>Sum.</summary>
    Sum,

    /// <summary>Count.</summary>
    Count,

    /// <summary>Median.</summary>
    P50,

    /// <summary>90th percentile.</summary>
    P90,

    /// <summary>95th percentile.</summary>
    P95,

    /// <summary>99th percentile.</summary>
    P99,

    /// <summary>Per-minute rate (RPM / TPM).</summary>
    Rate,

    /// <summary>Share of requests (0..1).</summary>
    Share,
}

/// <summary>Reads a <see cref="Statistic"/> from a row.</summary>
public static class StatisticExtensions
{
    /// <summary>The value of <paramref name="statistic"/> in <paramref name="row"/> (NaN when absent).</summary>
    public static double Of(this Statistic statistic, MetricRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return statistic switch
        {
            Statistic.Mean => row.Mean,
            Statistic.Min => row.Min,
            Statistic.Max => row.Max,
            Statistic.Sum => row.Sum,
            Statistic.Count => row.Count,
            Statistic.P50 => row.P50,
            Statistic.P90 => row.P90,
            Statistic.P95 => row.P95,
            Statistic.P99 => row.P99,
            Statistic.Rate => row.Rate,
            Statistic.Share => row.Share,
            _ => double.NaN,
        };
    }
}
