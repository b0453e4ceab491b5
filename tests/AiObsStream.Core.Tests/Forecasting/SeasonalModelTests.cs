using AiObsStream.Core.Forecasting;

namespace AiObsStream.Core.Tests.Forecasting;

public sealed class SeasonalModelTests
{
    private const long Start = 480_000; // hours since the epoch: 2024-10-04

    private static double Shape(long hour) =>
        50 + (20 * Math.Cos(2 * Math.PI * hour / 24)) + (8 * Math.Sin(2 * Math.PI * 2 * hour / 24))
        + (10 * Math.Cos(2 * Math.PI * hour / 168)) + (0.01 * (hour - Start));

    private static (long[] Hours, double[] Values) Series(int hours, Func<long, double> f)
    {
        var h = new long[hours];
        var v = new double[hours];
        for (var i = 0; i < hours; i++)
        {
            h[i] = Start + i;
            v[i] = f(h[i]);
        }

        return (h, v);
    }

    [Fact]
    public void TryFit_KnownDailyWeeklyTrendSeries_RecoversTheNextDay()
    {
        var (hours, values) = Series(21 * 24, Shape);
        Assert.True(SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out var fit, out var reason), reason);
        Assert.True(fit!.HasTrend);
        Assert.True(fit.HasWeekly);
        for (var h = 1; h <= 24; h++)
        {
            var p = fit.Predict(hours[^1] + h);
            Assert.Equal(Shape(hours[^1] + h), p.Point, 6);
            Assert.True(p.Upper - p.Lower < 1e-4, "a noise-free series leaves no interval");
        }
    }

    [Fact]
    public void TryFit_LogScale_RecoversMultiplicativeSeasonality()
    {
        // a weekend that scales every hour: exp(daily + weekly) is additive on log(1 + y)
        static double Load(long h) => Math.Exp(6 + (0.8 * Math.Cos(2 * Math.PI * h / 24)) + (0.3 * Math.Sin(2 * Math.PI * h / 168))) - 1;
        var (hours, values) = Series(28 * 24, Load);
        var options = new SeasonalModelOptions { Scale = ForecastScale.Log };
        Assert.True(SeasonalModel.TryFit(hours, values, options, out var fit, out _));
        for (var h = 1; h <= 12; h++)
        {
            Assert.Equal(Load(hours[^1] + h), fit!.Predict(hours[^1] + h).Point, 3);
        }
    }

    [Fact]
    public void Predict_IidNoise_IntervalsCoverAtTheNominalRate()
    {
        var rng = new Random(7);
        int inside = 0, total = 0;
        for (var run = 0; run < 300; run++)
        {
            var (hours, values) = Series(14 * 24 + 6, h => Shape(h) + (5 * Normal(rng)));
            var history = hours.AsSpan(0, hours.Length - 6);
            Assert.True(SeasonalModel.TryFit(history, values.AsSpan(0, history.Length), new SeasonalModelOptions { IntervalLevel = 0.9 }, out var fit, out _));
            for (var i = history.Length; i < hours.Length; i++)
            {
                var p = fit!.Predict(hours[i]);
                inside += values[i] >= p.Lower && values[i] <= p.Upper ? 1 : 0;
                total++;
            }
        }

        var coverage = inside / (double)total;
        Assert.InRange(coverage, 0.87, 0.93); // 1,800 draws: ± 2 standard errors of 0.9 is ± 0.014
    }

    [Fact]
    public void TryFit_ShortHistory_RefusesUnderOneDayAndFitsOnlyTheDailyCycleAtOneDay()
    {
        var (hours, values) = Series(23, Shape);
        Assert.False(SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out var none, out var reason));
        Assert.Null(none);
        Assert.Contains("fewer than 24", reason, StringComparison.Ordinal);

        (hours, values) = Series(24, Shape);
        Assert.True(SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out var fit, out _));
        Assert.False(fit!.HasTrend);
        Assert.False(fit.HasWeekly);
        Assert.Equal(9, fit.Coefficients);
    }

    [Fact]
    public void TryFit_GapsInTheHistory_AreSkippedNotImputed()
    {
        var rng = new Random(3);
        var (all, _) = Series(21 * 24, Shape);
        var hours = all.Where(_ => rng.NextDouble() > 0.3).ToArray(); // 30 % of the hours missing
        var values = hours.Select(Shape).ToArray();
        Assert.True(SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out var fit, out _));
        for (var h = 1; h <= 6; h++)
        {
            Assert.Equal(Shape(hours[^1] + h), fit!.Predict(hours[^1] + h).Point, 6);
        }
    }

    [Fact]
    public void TryFit_EveryPointAtTheSameHourOfDay_IsRefusedAsIrregular()
    {
        var hours = Enumerable.Range(0, 40).Select(d => Start + (24L * d)).ToArray();
        var values = hours.Select(Shape).ToArray();
        Assert.False(SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out _, out var reason));
        Assert.Contains("irregular", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1.0)]
    public void TryFit_NonFiniteOrNegativeValue_Throws(double bad)
    {
        var (hours, values) = Series(48, Shape);
        values[10] = bad;
        var ex = Assert.Throws<ArgumentException>(() => SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out _, out _));
        Assert.Contains("finite and >= 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFit_HoursNotIncreasing_Throws()
    {
        var (hours, values) = Series(48, Shape);
        hours[20] = hours[19];
        Assert.Throws<ArgumentException>(() => SeasonalModel.TryFit(hours, values, new SeasonalModelOptions(), out _, out _));
    }

    [Fact]
    public void Predict_ClampsToZeroAndTheCeiling()
    {
        var (hours, values) = Series(48, h => Math.Clamp(50 + (80 * Math.Cos(2 * Math.PI * h / 24)), 0, 100));
        Assert.True(SeasonalModel.TryFit(hours, values, new SeasonalModelOptions { Ceiling = 100 }, out var fit, out _));
        for (var h = 1; h <= 24; h++)
        {
            var p = fit!.Predict(hours[^1] + h);
            Assert.InRange(p.Lower, 0, 100);
            Assert.InRange(p.Upper, 0, 100);
            Assert.InRange(p.Point, p.Lower, p.Upper);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => fit!.Predict(hours[^1]));
    }

    [Fact]
    public void Validate_OutOfRangeOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => new SeasonalModelOptions { IntervalLevel = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new SeasonalModelOptions { MinPoints = 12 }.Validate());
        Assert.Throws<ArgumentException>(() => new SeasonalModelOptions { WeeklyHarmonics = 7 }.Validate());
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
