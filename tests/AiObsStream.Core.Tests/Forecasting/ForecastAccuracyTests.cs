using AiObsStream.Core.Forecasting;

namespace AiObsStream.Core.Tests.Forecasting;

public sealed class ForecastAccuracyTests
{
    private const long Start = 480_096;

    [Fact]
    public void Generate_SameSeed_SameSeriesAndADailyAndWeeklyShape()
    {
        var (a, ua) = SimulatedLoad.Generate(3, Start, 28 * 24);
        var (b, ub) = SimulatedLoad.Generate(3, Start, 28 * 24);
        Assert.Equal(a, b);
        Assert.Equal(ua, ub);
        Assert.All(ua, u => Assert.InRange(u, 0, 100));
        double Mean(Func<int, bool> hour) => Enumerable.Range(0, a.Length).Where(hour).Average(i => a[i]);
        Assert.True(Mean(i => i % 24 == 14) > 2 * Mean(i => i % 24 == 2), "afternoon peak over the night trough");
        static bool Weekend(int i) => DateTimeOffset.FromUnixTimeMilliseconds((Start + i) * 3_600_000).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        Assert.True(Mean(i => !Weekend(i)) > 1.2 * Mean(Weekend), "weekdays over the weekend");
    }

    [Fact]
    public void Score_NoiseFreeSeasonalSeries_ModelErrorNearZeroAndFullCoverage()
    {
        var values = Enumerable.Range(0, 28 * 24).Select(i => 100 + (40 * Math.Sin(2 * Math.PI * i / 24)) + (20 * Math.Cos(2 * Math.PI * i / 168)) + (0.05 * i)).ToArray(); // the trend leaves the week-ago copy 8.4 behind
        var score = ForecastAccuracy.Score(values, Start, 21 * 24, 6, 6, 672, new SeasonalModelOptions());
        Assert.True(score.Forecasts > 100);
        Assert.True(score.Mase < score.NaiveMase, $"model {score.Mase} vs naive {score.NaiveMase}");
        Assert.True(score.Mape < 0.02, $"MAPE {score.Mape}");
    }

    [Fact]
    public void Score_SimulatedWeeks_BeatsTheSeasonalNaiveBaseline()
    {
        var (rpm, _) = SimulatedLoad.Generate(1, Start, 28 * 24);
        var score = ForecastAccuracy.Score(rpm, Start, 21 * 24, 6, 3, 672, new SeasonalModelOptions { Scale = ForecastScale.Log });
        Assert.True(score.Mase < score.NaiveMase, $"model {score.Mase} vs naive {score.NaiveMase}");
        Assert.InRange(score.Coverage, 0.8, 0.99);
    }
}
