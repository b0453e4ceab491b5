using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Tests.Anomaly;

/// <summary>The practical-effect floor: its arithmetic, the per-metric defaults, rule overrides and bad values.</summary>
public class AnomalyFloorTests
{
    [Theory]
    [InlineData(5, 0, 4.94, 5)] // absolute only
    [InlineData(0, 0.25, 640, 160)] // relative only
    [InlineData(200, 0.25, 640, 200)] // both: the absolute wins on a fast series
    [InlineData(200, 0.25, 4000, 1000)] // both: the relative wins on a slow one
    [InlineData(50, 0.20, -400, 80)] // relative to |expected|
    [InlineData(0, 0, 123, 0)]
    public void At_IsTheLargerOfAbsoluteAndRelativeTimesExpected(double absolute, double relative, double expected, double floor) =>
        Assert.Equal(floor, new AnomalyFloor(absolute, relative, "").At(expected), 9);

    [Theory]
    [InlineData(MetricNames.FbUsedPct, 5, 0, "pts")]
    [InlineData(MetricNames.GpuUtil, 15, 0, "pts")]
    [InlineData(MetricNames.PowerW, 50, 0.20, "W")]
    [InlineData(MetricNames.LatencyMs, 200, 0.25, "ms")]
    [InlineData(MetricNames.TtftMs, 200, 0.25, "ms")]
    [InlineData(MetricNames.GpuTempC, 5, 0, "°C")]
    [InlineData(MetricNames.SmClockMhz, 100, 0, "MHz")]
    public void Defaults_PerMetric(string metric, double absolute, double relative, string unit)
    {
        Assert.Equal(new AnomalyFloor(absolute, relative, unit), AnomalyFloors.For(metric));
        Assert.Equal(new AnomalyFloor(absolute, relative, unit), new AnomalyRuleDefinition { Metric = metric }.Floor);
    }

    [Fact]
    public void Defaults_UnknownMetric_NoFloor()
    {
        var floor = new AnomalyRuleDefinition { Metric = "groundedness" }.Floor;
        Assert.False(floor.IsSet);
        Assert.Equal(0, floor.At(1e6));
    }

    [Fact]
    public void Rule_OwnSettingsOverrideEachDefaultSeparately()
    {
        var absolute = new AnomalyRuleDefinition { Metric = MetricNames.PowerW, MinAbsoluteChange = 10 }.Floor;
        Assert.Equal((10, 0.20), (absolute.Absolute, absolute.Relative));
        var relative = new AnomalyRuleDefinition { Metric = MetricNames.PowerW, MinRelativeChange = 0 }.Floor;
        Assert.Equal((50, 0.0), (relative.Absolute, relative.Relative));
        var off = new AnomalyRuleDefinition { Metric = MetricNames.FbUsedPct, MinAbsoluteChange = 0, MinRelativeChange = 0 }.Floor;
        Assert.False(off.IsSet);
    }

    [Theory]
    [InlineData(-1.0, null, "minAbsoluteChange: -1")]
    [InlineData(double.NaN, null, "minAbsoluteChange: NaN")]
    [InlineData(double.PositiveInfinity, null, "minAbsoluteChange: Infinity")]
    [InlineData(null, -0.1, "minRelativeChange: -0.1")]
    [InlineData(null, 101.0, "minRelativeChange: 101")]
    [InlineData(null, double.NaN, "minRelativeChange: NaN")]
    public void FloorProblem_BadValues_NameTheSetting(double? absolute, double? relative, string expected)
    {
        var rule = new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, MinAbsoluteChange = absolute, MinRelativeChange = relative };
        Assert.StartsWith(expected, rule.FloorProblem(), StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => new AnomalyEngine(new AnomalyOptions { Rules = [rule] }));
        Assert.Contains("anomaly rule 'anomaly:gpu_util': " + expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(null, 0.0)]
    [InlineData(1e9, 100.0)]
    public void FloorProblem_ValidValues_None(double? absolute, double? relative) =>
        Assert.Null(new AnomalyRuleDefinition { Metric = MetricNames.GpuUtil, MinAbsoluteChange = absolute, MinRelativeChange = relative }.FloorProblem());

    [Theory]
    [InlineData(AnomalyDirection.Up, 5.30, 0)] // +0.36 beyond a band of 0.1 but under the 5-point floor
    [InlineData(AnomalyDirection.Up, 96, 1)]
    [InlineData(AnomalyDirection.Up, 0, 0)] // a drop, for a rule that reports rises only
    [InlineData(AnomalyDirection.Down, 96, 0)]
    [InlineData(AnomalyDirection.Down, 4.5, 0)] // below the band, under the floor
    [InlineData(AnomalyDirection.Both, -1, -1)]
    [InlineData(AnomalyDirection.Both, 96, 1)]
    public void Outside_NeedsBandAndFloorInTheRulesDirection(AnomalyDirection direction, double value, int expected) =>
        Assert.Equal(expected, AnomalyEngine.Outside(direction, (value, value), 4.94, spread: 0.1, floor: 5));

    [Fact]
    public void Outside_DepartureEqualToTheFloor_Counts()
    {
        Assert.Equal(1, AnomalyEngine.Outside(AnomalyDirection.Up, (10, 10), 5, spread: 0.1, floor: 5));
        Assert.Equal(-1, AnomalyEngine.Outside(AnomalyDirection.Down, (0, 0), 5, spread: 0.1, floor: 5));
    }

    [Fact]
    public void Outside_FloorAboveBand_AndBandAboveFloor_BothMustHold()
    {
        Assert.Equal(0, AnomalyEngine.Outside(AnomalyDirection.Up, (45, 45), 40, spread: 10, floor: 2)); // past the floor, inside the band
        Assert.Equal(0, AnomalyEngine.Outside(AnomalyDirection.Up, (45, 45), 40, spread: 2, floor: 10)); // past the band, under the floor
        Assert.Equal(1, AnomalyEngine.Outside(AnomalyDirection.Up, (55, 55), 40, spread: 10, floor: 10));
    }

    [Fact]
    public void Outside_Interval_RiseJudgedOnItsLowEndDropOnItsHighEnd()
    {
        Assert.Equal(0, AnomalyEngine.Outside(AnomalyDirection.Both, (500, 1000), 400, spread: 50, floor: 200));
        Assert.Equal(1, AnomalyEngine.Outside(AnomalyDirection.Both, (650, 1000), 400, spread: 50, floor: 200));
        Assert.Equal(0, AnomalyEngine.Outside(AnomalyDirection.Both, (100, 300), 400, spread: 50, floor: 200));
        Assert.Equal(-1, AnomalyEngine.Outside(AnomalyDirection.Both, (100, 150), 400, spread: 50, floor: 200));
    }

    [Fact]
    public void Outside_WarmingUp_Never() =>
        Assert.Equal(0, AnomalyEngine.Outside(AnomalyDirection.Both, (1e9, 1e9), double.NaN, double.NaN, 0));
}
