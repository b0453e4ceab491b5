using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Windows;

public class WatermarkTrackerTests
{
    [Fact]
    public void Watermark_IsMinimumOverUnfinishedInputs_MinusDisorder()
    {
        var t = new WatermarkTracker(TimeSpan.FromSeconds(10));
        var a = t.AddInput();
        var b = t.AddInput();
        Assert.Equal(long.MinValue, t.Watermark);
        t.Observe(a, 100_000);
        Assert.Equal(long.MinValue, t.Watermark); // b has not spoken yet: it holds the watermark back
        t.Observe(b, 50_000);
        Assert.Equal(40_000, t.Watermark);
        t.Finish(b);
        Assert.Equal(90_000, t.Watermark);
        t.Finish(a);
        Assert.Equal(long.MaxValue, t.Watermark);
    }

    [Fact]
    public void Observe_OlderTime_NeverMovesWatermarkBack()
    {
        var t = new WatermarkTracker(TimeSpan.Zero);
        var a = t.AddInput();
        Assert.True(t.Observe(a, 1000));
        Assert.False(t.Observe(a, 500));
        Assert.Equal(1000, t.Watermark);
    }

    [Theory]
    [InlineData(119_999, 119_999 + 10_000, false)] // inside its still-open window
    [InlineData(60_000, 120_000 + 300_000 - 1, false)] // window [60s,120s) closes at 120s + 5 min lateness
    [InlineData(60_000, 120_000 + 300_000, true)]
    [InlineData(0, long.MinValue, false)]
    public void IsTooLate_UsesWindowEndPlusLateness(long eventTime, long watermark, bool expected)
    {
        Assert.Equal(expected, EventTimeOptions.Default.IsTooLate(eventTime, watermark));
    }
}
