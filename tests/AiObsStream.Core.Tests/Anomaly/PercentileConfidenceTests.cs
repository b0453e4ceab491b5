using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Anomaly;

public class PercentileConfidenceTests
{
    private static readonly SeriesDims Dims = new DimsPool().Intern(new DimsKey(TelemetrySource.Log, "chat", "v", "", "", "", "", ""));

    private static MetricRow Row(long count, double p99 = 990, double p95 = 950) => new()
    {
        WindowStartMs = 0,
        WindowEndMs = 2_000,
        Metric = MetricNames.LatencyMs,
        Dims = Dims,
        ModelVersion = "v",
        Count = count,
        Sum = 500 * count,
        Min = 0,
        Max = 1000,
        Mean = 500,
        P50 = 500,
        P90 = 900,
        P95 = p95,
        P99 = p99,
    };

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 250)]
    [InlineData(0.9, 900)]
    [InlineData(0.925, 925)]
    [InlineData(0.995, 995)]
    [InlineData(1.0, 1000)]
    public void At_InterpolatesBetweenTheRowsQuantiles(double level, double expected) =>
        Assert.Equal(expected, PercentileConfidence.At(Row(100), level), 6);

    [Fact]
    public void Interval_P95Of20_ReachesDownToAboutP87()
    {
        // q ± 1.645·√(0.95·0.05/20) = 0.95 ± 0.080
        var (low, high) = PercentileConfidence.Interval(Statistic.P95, Row(20), 950, 1.645);
        Assert.Equal(500 + (400 * (0.95 - (1.645 * Math.Sqrt(0.0475 / 20)) - 0.5) / 0.4), low, 6);
        Assert.Equal(1000, high);
    }

    [Fact]
    public void Interval_P95OfManyRequests_IsNarrow()
    {
        var (low, high) = PercentileConfidence.Interval(Statistic.P95, Row(100_000), 950, 1.645);
        Assert.InRange(low, 948, 950);
        Assert.InRange(high, 950, 952);
    }

    [Theory]
    [InlineData(Statistic.Mean)]
    [InlineData(Statistic.Max)]
    [InlineData(Statistic.Rate)]
    public void Interval_NotAPercentile_TheValueItself(Statistic statistic) =>
        Assert.Equal((123.0, 123.0), PercentileConfidence.Interval(statistic, Row(5), 123, 1.645));

    [Fact]
    public void Interval_ZeroZ_TheValueItself() =>
        Assert.Equal((950.0, 950.0), PercentileConfidence.Interval(Statistic.P95, Row(5), 950, 0));

    [Fact]
    public void Interval_RowWithoutPercentiles_TheValueItself()
    {
        var row = Row(5) with { P50 = double.NaN, P90 = double.NaN, P95 = double.NaN, P99 = double.NaN, Min = double.NaN, Max = double.NaN };
        Assert.Equal((950.0, 950.0), PercentileConfidence.Interval(Statistic.P95, row, 950, 1.645));
    }

    [Fact]
    public void Interval_NeverNarrowerThanTheValue()
    {
        // A sketch's p99 a hair under its p95 (relative error) must not put the interval's high end under the value.
        var (low, high) = PercentileConfidence.Interval(Statistic.P95, Row(40, p99: 949), 950, 1.645);
        Assert.True(low <= 950 && high >= 950);
    }
}
