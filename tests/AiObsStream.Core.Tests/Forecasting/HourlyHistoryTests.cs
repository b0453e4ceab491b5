using AiObsStream.Core.Forecasting;

namespace AiObsStream.Core.Tests.Forecasting;

public sealed class HourlyHistoryTests
{
    [Theory]
    [InlineData(double.NaN, "not a finite number")]
    [InlineData(double.NegativeInfinity, "not a finite number")]
    [InlineData(-0.5, "negative")]
    public void TryAdd_BadValue_IsRefusedWithAReason(double value, string reason)
    {
        var history = new HourlyHistory(48);
        Assert.Contains(reason, history.TryAdd(10, value), StringComparison.Ordinal);
        Assert.Equal(0, history.Count);
    }

    [Fact]
    public void TryAdd_HourNotAfterTheNewest_IsRefused()
    {
        var history = new HourlyHistory(48);
        Assert.Null(history.TryAdd(10, 1));
        Assert.Contains("not after", history.TryAdd(10, 2), StringComparison.Ordinal);
        Assert.Contains("not after", history.TryAdd(9, 2), StringComparison.Ordinal);
        Assert.Equal(1, history.Count);
    }

    [Fact]
    public void TryAdd_KeepsOnlyMaxHoursBackFromTheNewest()
    {
        var history = new HourlyHistory(24);
        for (var h = 0; h < 100; h++)
        {
            Assert.Null(history.TryAdd(h, h));
        }

        Assert.Equal(24, history.Count);
        Assert.Equal(76, history.Hours[0]);
        Assert.Null(history.TryAdd(200, 1)); // a gap longer than the span leaves only the new point
        Assert.Equal(1, history.Count);
    }
}
