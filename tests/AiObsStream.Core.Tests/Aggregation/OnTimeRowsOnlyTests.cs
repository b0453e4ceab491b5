using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>
/// <see cref="WindowedAggregator.OnTimeRowsOnly"/> (the anomaly detection buckets): exactly the on-time rows of a full
/// aggregator, and the same state, whatever corrections and closings happen meanwhile.
/// </summary>
public class OnTimeRowsOnlyTests
{
    private static readonly DimsPool Pool = new();

    [Fact]
    public void AdvanceWatermark_OnTimeRowsOnly_EmitsExactlyTheOnTimeRowsOfAFullAggregator()
    {
        var options = EventTimeOptions.Default;
        var full = new WindowedAggregator(options);
        var onTime = new WindowedAggregator(options) { OnTimeRowsOnly = true };
        var rng = new Random(8);
        var expected = new List<MetricRow>();
        var actual = new List<MetricRow>();
        var all = new List<MetricRow>();
        ulong id = 0;
        for (var tick = 1; tick <= 12; tick++)
        {
            // Records up to two minutes behind the watermark: on time, late within the lateness (corrections), too late.
            var batch = RandomRequests.Batch(rng, Pool, tick, 120_000, ref id);

            full.Process(batch);
            onTime.Process(batch);
            var wm = tick == 12 ? long.MaxValue : tick * 60_000L;
            var rows = new List<MetricRow>();
            full.AdvanceWatermark(wm, rows);
            all.AddRange(rows);
            expected.AddRange(rows.Where(r => r.Kind == RowKind.OnTime));
            onTime.AdvanceWatermark(wm, actual);
        }

        Assert.Contains(all, r => r.Kind == RowKind.Correction);
        Assert.Contains(all, r => r.Kind == RowKind.Final);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SaveState_OnTimeRowsOnly_SameBytesAsAFullAggregator()
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "dep", "gpt-4o", "1", "op", "r", "", ""));
        var full = new WindowedAggregator(EventTimeOptions.Default);
        var onTime = new WindowedAggregator(EventTimeOptions.Default) { OnTimeRowsOnly = true };
        foreach (var agg in new[] { full, onTime })
        {
            var e = TelemetryEvent.NewRequest(30_000, dims);
            e.Success = true;
            e.LatencyMs = 5;
            e.DedupKey = 1;
            agg.Process([e]);
            agg.AdvanceWatermark(61_000, []);
            var late = TelemetryEvent.NewRequest(31_000, dims);
            late.Success = true;
            late.LatencyMs = 7;
            late.DedupKey = 2;
            agg.Process([late]);
            agg.AdvanceWatermark(62_000, []);
        }

        Assert.Equal(Save(full), Save(onTime));
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
