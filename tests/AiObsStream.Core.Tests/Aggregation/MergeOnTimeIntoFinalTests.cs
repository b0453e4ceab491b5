using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>
/// <see cref="WindowedAggregator.MergeOnTimeIntoFinal"/>: a window that fires and closes in one advance is one final row
/// per series that is also the on-time row; read by role, the rows are exactly those of an aggregator without it.
/// </summary>
public class MergeOnTimeIntoFinalTests
{
    private static readonly DimsPool Pool = new();

    [Theory]
    [InlineData(0, 8)] // no lateness: every window fires and closes at once
    [InlineData(2, 9)] // two minutes: windows close two ticks after they fire, the last ones at the end of the input
    [InlineData(0, 10)]
    [InlineData(2, 11)]
    public void AdvanceWatermark_Merged_RowsByRoleEqualTheRowsApart(int latenessMinutes, int seed)
    {
        var options = EventTimeOptions.Default with { AllowedLateness = TimeSpan.FromMinutes(latenessMinutes) };
        var apart = new WindowedAggregator(options);
        var merged = new WindowedAggregator(options) { MergeOnTimeIntoFinal = true };
        var rng = new Random(seed);
        var (apartRows, mergedRows) = (new List<MetricRow>(), new List<MetricRow>());
        ulong id = 0;
        for (var tick = 1; tick <= 12; tick++)
        {
            // Records up to three minutes behind the watermark: on time, late within the lateness (corrections), too late.
            var batch = RandomRequests.Batch(rng, Pool, tick, 180_000, ref id);

            apart.Process(batch);
            merged.Process(batch);
            var wm = tick == 12 ? long.MaxValue : (tick * 60_000L) + (rng.Next(3) * 30_000L);
            apart.AdvanceWatermark(wm, apartRows);
            merged.AdvanceWatermark(wm, mergedRows);
        }

        var mergedCount = mergedRows.Count(r => r.AlsoOnTime);
        Assert.True(mergedCount > 0, "some windows fired and closed at once");
        Assert.All(mergedRows.Where(r => r.AlsoOnTime), r => Assert.Equal(RowKind.Final, r.Kind));
        Assert.Equal(apartRows.Count - mergedCount, mergedRows.Count); // one row instead of two

        // on-time readers see the on-time rows, final readers the final rows, corrections unchanged: in the same order
        Assert.Equal(apartRows.Where(r => r.Kind == RowKind.OnTime), mergedRows.Where(r => r.IsOnTime).Select(r => r with { Kind = RowKind.OnTime, AlsoOnTime = false }));
        Assert.Equal(apartRows.Where(r => r.Kind == RowKind.Final), mergedRows.Where(r => r.Kind == RowKind.Final).Select(r => r with { AlsoOnTime = false }));
        Assert.Equal(apartRows.Where(r => r.Kind == RowKind.Correction), mergedRows.Where(r => r.Kind == RowKind.Correction));
        Assert.Equal(Save(apart), Save(merged));
        if (latenessMinutes > 0)
        {
            Assert.Contains(mergedRows, r => r.Kind == RowKind.Final && !r.AlsoOnTime); // fired on an earlier tick: a plain final row
        }
    }

    [Fact]
    public void AdvanceWatermark_MergedRowOfAnAttachedMetric_CarriesTheOnTimeSketch()
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "dep", "gpt-4o", "1", "op", "r", "", ""));
        var attach = new HashSet<string>(StringComparer.Ordinal) { MetricNames.LatencyMs };
        var apart = new WindowedAggregator(EventTimeOptions.Default) { AttachSketches = attach };
        var merged = new WindowedAggregator(EventTimeOptions.Default) { AttachSketches = attach, MergeOnTimeIntoFinal = true };
        var (apartRows, mergedRows) = (new List<MetricRow>(), new List<MetricRow>());
        foreach (var (agg, rows) in new[] { (apart, apartRows), (merged, mergedRows) })
        {
            for (var i = 0; i < 7; i++)
            {
                var e = TelemetryEvent.NewRequest(1_000 + i, dims);
                e.Success = true;
                e.LatencyMs = 100 + (i * 50);
                e.DedupKey = (ulong)(i + 1);
                agg.Process([e]);
            }

            agg.AdvanceWatermark(long.MaxValue, rows);
        }

        var onTime = Assert.Single(apartRows, r => r.Kind == RowKind.OnTime && r.Metric == MetricNames.LatencyMs);
        var final = Assert.Single(apartRows, r => r.Kind == RowKind.Final && r.Metric == MetricNames.LatencyMs);
        var both = Assert.Single(mergedRows, r => r.Metric == MetricNames.LatencyMs);
        Assert.Null(final.Sketch);
        Assert.NotNull(onTime.Sketch);
        Assert.True(both.AlsoOnTime);
        Assert.Equal(onTime.Sketch!.Count, both.Sketch!.Count);
        Assert.Equal(onTime.Sketch.GetQuantile(0.95), both.Sketch.GetQuantile(0.95));
        Assert.NotSame(onTime.Sketch, both.Sketch);
    }

    [Fact]
    public void AdvanceWatermark_OnTimeRowsOnlyAggregator_IgnoresTheMerge()
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "dep", "gpt-4o", "1", "op", "r", "", ""));
        var agg = new WindowedAggregator(EventTimeOptions.Default) { OnTimeRowsOnly = true, MergeOnTimeIntoFinal = true };
        var e = TelemetryEvent.NewRequest(1_000, dims);
        e.Success = true;
        e.LatencyMs = 100;
        e.DedupKey = 1;
        agg.Process([e]);
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(RowKind.OnTime, r.Kind));
        Assert.DoesNotContain(rows, r => r.AlsoOnTime);
    }

    private static byte[] Save(WindowedAggregator agg)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            agg.SaveState(w);
        }

        return buffer.ToArray();
    }
}
