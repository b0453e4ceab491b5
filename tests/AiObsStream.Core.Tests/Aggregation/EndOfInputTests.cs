using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

public class EndOfInputTests
{
    private static readonly SeriesDims Dims = new DimsPool().Intern(
        new DimsKey(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "2024-08-06", "ChatCompletions_Create", "", "", ""));

    private static TelemetryEvent Call(long t)
    {
        var e = TelemetryEvent.NewRequest(t, Dims);
        e.Status = 200;
        e.Success = true;
        e.LatencyMs = 100 + (t % 7);
        return e;
    }

    [Fact]
    public void AfterTheEndOfInputFlush_LaterEventsAreLate_AndNothingMoreIsEmitted()
    {
        var agg = new WindowedAggregator(new EventTimeOptions());
        agg.Process([Call(1_000), Call(2_000), Call(61_000)]);
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        Assert.NotEmpty(rows);
        Assert.Equal(0, agg.OpenWindows);

        // the pools were released at the flush; the aggregator still answers as before
        agg.Process([Call(3_000), Call(10_000_000)]);
        var after = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, after);
        Assert.Empty(after);
        Assert.Equal(2, agg.LateDropped);
        Assert.Equal(3, agg.Accepted);
    }

    [Fact]
    public void ReleaseSpare_KeepsTheFilterWorking()
    {
        var dedup = new DedupFilter(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        Assert.True(dedup.TryAdd(42, 1_000));
        dedup.Expire(10 * 60_000);
        dedup.ReleaseSpare();
        Assert.True(dedup.TryAdd(42, 11 * 60_000));
        Assert.False(dedup.TryAdd(42, 11 * 60_000));
    }
}
