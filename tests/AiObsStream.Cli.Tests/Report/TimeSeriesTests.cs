using AiObsStream.Cli.Report;

namespace AiObsStream.Cli.Tests.Report;

public sealed class TimeSeriesTests
{
    [Fact]
    public void Add_SameTime_MergesByMode()
    {
        var mean = new TimeSeries(Merge.Mean);
        var max = new TimeSeries(Merge.Max);
        var sum = new TimeSeries(Merge.Sum);
        foreach (var s in new[] { mean, max, sum })
        {
            s.Add(60_000, 1);
            s.Add(60_000, 5);
            s.Add(120_000, 2);
        }

        Assert.Equal([(60_000L, 3.0), (120_000L, 2.0)], mean.Points());
        Assert.Equal([(60_000L, 5.0), (120_000L, 2.0)], max.Points());
        Assert.Equal([(60_000L, 6.0), (120_000L, 2.0)], sum.Points());
        Assert.Equal(0, sum.BucketMs);
    }

    [Fact]
    public void Add_NotFinite_IsIgnored()
    {
        var s = new TimeSeries(Merge.Mean);
        s.Add(0, double.NaN);
        s.Add(0, double.PositiveInfinity);
        Assert.Equal(0, s.Count);
        Assert.Equal(0, s.Values);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Add_LongSeries_StaysWithinMaxPointsAndKeepsTotalsAndPeaks(int minutes)
    {
        var sum = new TimeSeries(Merge.Sum, maxPoints: 100);
        var max = new TimeSeries(Merge.Max, maxPoints: 100);
        for (var i = 0; i < minutes; i++)
        {
            var value = i == minutes / 3 ? 1000 : 1; // one spike
            sum.Add(i * 60_000L, value);
            max.Add(i * 60_000L, value);
        }

        Assert.InRange(sum.Count, 2, 100);
        Assert.InRange(max.Count, 2, 100);
        Assert.True(sum.BucketMs > 60_000);
        Assert.Equal(minutes - 1 + 1000, sum.Points().Sum(p => p.Value), 6);
        Assert.Equal(1000, max.Points().Max(p => p.Value));
        Assert.Equal(minutes, sum.Values);
        var times = sum.Points().Select(p => p.Time).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void Add_OutOfOrderTimes_AreSortedInPoints()
    {
        var s = new TimeSeries(Merge.Mean);
        s.Add(180_000, 3);
        s.Add(60_000, 1);
        s.Add(120_000, 2);
        Assert.Equal([60_000L, 120_000L, 180_000L], s.Points().Select(p => p.Time));
    }

    [Fact]
    public void Create_TooFewPoints_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new TimeSeries(Merge.Mean, maxPoints: 1));
}
