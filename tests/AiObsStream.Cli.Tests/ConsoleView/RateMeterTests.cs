using AiObsStream.Cli.ConsoleView;

namespace AiObsStream.Cli.Tests.ConsoleView;

public class RateMeterTests
{
    [Fact]
    public void Rate_OneSample_IsUnknown()
    {
        var rates = new RateMeter(TimeSpan.FromSeconds(5));
        rates.Add(TimeSpan.FromSeconds(1), 100, 10);

        Assert.Null(rates.BytesPerSecond);
        Assert.Null(rates.RecordsPerSecond);
    }

    [Fact]
    public void Rate_FollowsTheLastWindow_NotTheAverageSinceTheStart()
    {
        var rates = new RateMeter(TimeSpan.FromSeconds(5));
        // 10 s at 1,000 B/s, then a stall.
        for (var s = 0; s <= 10; s++)
        {
            rates.Add(TimeSpan.FromSeconds(s), s * 1_000, s * 10);
        }

        Assert.Equal(1_000, rates.BytesPerSecond);
        Assert.Equal(10, rates.RecordsPerSecond);
        for (var s = 11; s <= 16; s++)
        {
            rates.Add(TimeSpan.FromSeconds(s), 10_000, 100);
        }

        Assert.Equal(0, rates.BytesPerSecond);
    }

    [Fact]
    public void Rate_SamplesTooClose_IsNotMeasured()
    {
        var rates = new RateMeter(TimeSpan.FromSeconds(5));
        rates.Add(TimeSpan.Zero, 0, 0);
        rates.Add(TimeSpan.FromMilliseconds(100), 500, 5);

        Assert.Null(rates.BytesPerSecond);
    }

    [Fact]
    public void Rate_CounterBelowTheWindowStart_IsZeroNotNegative()
    {
        var rates = new RateMeter(TimeSpan.FromSeconds(5));
        rates.Add(TimeSpan.Zero, 1_000, 10);
        rates.Add(TimeSpan.FromSeconds(1), 500, 5); // a restored run's counters start lower

        Assert.Equal(0, rates.BytesPerSecond);
        Assert.Equal(0, rates.RecordsPerSecond);
    }
}
