using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Anomaly;

/// <summary>
/// How far the percentile of one bucket can be trusted: the distribution-free confidence interval of a sample quantile.
/// </summary>
/// <remarks>
/// The q-quantile of n observations is an order statistic whose rank is Binomial(n, q): with confidence given by z, the
/// population's q-quantile lies between the sample quantiles at levels q ± z·√(q(1−q)/n). The p95 of 20 requests is
/// their second largest, and the interval runs from about their p87 to their maximum: one slow call moves it by half
/// the distribution's tail. A departure is only believed when the end of this interval nearer to the expected value is
/// beyond the band and the floor too. The sample quantiles at other levels are read from the row's P50/P90/P95/P99
/// (and Min/Max at 0 and 1), linearly between them; statistics that are not percentiles are returned unchanged.
/// </remarks>
internal static class PercentileConfidence
{
    /// <summary>
    /// The (low, high) ends of the confidence interval of <paramref name="statistic"/> in <paramref name="row"/>;
    /// (value, value) for other statistics, for <paramref name="z"/> ≤ 0 or when the row lacks the percentiles.
    /// </summary>
    public static (double Low, double High) Interval(Statistic statistic, MetricRow row, double value, double z)
    {
        var q = statistic switch
        {
            Statistic.P50 => 0.50,
            Statistic.P90 => 0.90,
            Statistic.P95 => 0.95,
            Statistic.P99 => 0.99,
            _ => double.NaN,
        };
        if (double.IsNaN(q) || z <= 0 || row.Count < 1)
        {
            return (value, value);
        }

        var half = z * Math.Sqrt(q * (1 - q) / row.Count);
        var low = At(row, Math.Max(0, q - half));
        var high = At(row, Math.Min(1, q + half));
        return (double.IsNaN(low) ? value : Math.Min(low, value), double.IsNaN(high) ? value : Math.Max(high, value));
    }

    /// <summary>The row's sample quantile at <paramref name="level"/>, linear between its known levels (NaN when unknown).</summary>
    internal static double At(MetricRow row, double level)
    {
        Span<(double Level, double Value)> knots =
        [
            (0, row.Min), (0.50, row.P50), (0.90, row.P90), (0.95, row.P95), (0.99, row.P99), (1, row.Max),
        ];
        var (prevLevel, prevValue) = (double.NaN, double.NaN);
        foreach (var (knot, value) in knots)
        {
            if (double.IsNaN(value))
            {
                continue; // a row without percentiles (a pre-aggregated point) or without min/max
            }

            if (knot == level)
            {
                return value;
            }

            if (knot > level)
            {
                return double.IsNaN(prevValue) ? double.NaN : prevValue + ((value - prevValue) * (level - prevLevel) / (knot - prevLevel));
            }

            (prevLevel, prevValue) = (knot, value);
        }

        return double.NaN;
    }
}
