using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>
/// The ECC / XID histories of a GPU exist only once their field is seen; a GPU without them checkpoints as before
/// (empty histories) and one restored from such a checkpoint derives the same rows.
/// </summary>
public class GpuHistoryCheckpointTests
{
    private const long T0 = 1_795_340_000_000 / 60_000 * 60_000;
    private static readonly DimsPool Pool = new();

    private static TelemetryEvent Sample(string gpu, long t, string field, double value) =>
        TelemetryEvent.NewSample(EventKind.GpuSample, t,
            Pool.Intern(new DimsKey(TelemetrySource.DCGM, "", "", "", "", "", "node-1", gpu)), field, value);

    private static TelemetryEvent[] Scrape(int k) =>
    [
        Sample("GPU-utilization-only", T0 + (k * 15_000), DcgmFields.GpuUtil, 10 + k),
        Sample("GPU-with-ecc", T0 + (k * 15_000), DcgmFields.GpuUtil, 50),
        Sample("GPU-with-ecc", T0 + (k * 15_000), DcgmFields.EccDbeVolTotal, k / 3),
    ];

    [Fact]
    public void SaveState_GpusWithAndWithoutEccFields_RoundTripsToTheSameBytesAndRows()
    {
        var straight = new WindowedAggregator(EventTimeOptions.Default);
        var first = new WindowedAggregator(EventTimeOptions.Default);
        var rowsStraight = new List<MetricRow>();
        var rowsSplit = new List<MetricRow>();
        for (var k = 0; k < 6; k++)
        {
            straight.Process(Scrape(k));
            first.Process(Scrape(k));
        }

        first.AdvanceWatermark(T0 + 75_000, rowsSplit);
        straight.AdvanceWatermark(T0 + 75_000, rowsStraight);
        var saved = Save(first);
        var second = new WindowedAggregator(EventTimeOptions.Default);
        using (var r = new BinaryReader(new MemoryStream(saved)))
        {
            second.RestoreState(r);
        }

        Assert.Equal(saved, Save(second));
        for (var k = 6; k < 12; k++)
        {
            straight.Process(Scrape(k));
            second.Process(Scrape(k));
        }

        straight.AdvanceWatermark(long.MaxValue, rowsStraight);
        second.AdvanceWatermark(long.MaxValue, rowsSplit);
        Assert.Equal(rowsStraight, rowsSplit);
        Assert.Contains(rowsSplit, r => r.Metric == MetricNames.EccDbe && r.Sum > 0);
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
