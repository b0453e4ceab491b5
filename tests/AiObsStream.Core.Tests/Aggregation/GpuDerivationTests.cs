using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

public class GpuDerivationTests
{
    private static readonly SeriesDims Gpu = new DimsPool().Intern(
        new DimsKey(TelemetrySource.DCGM, "chat-prod", "", "", "", "", "aks-gpu-0", "GPU-1"));

    private static TelemetryEvent Sample(long t, string field, double value, string? detail = null)
    {
        var e = TelemetryEvent.NewSample(EventKind.GpuSample, t, Gpu, field, value);
        e.Detail = detail;
        return e;
    }

    private static List<MetricRow> Final(WindowedAggregator agg)
    {
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        return rows.Where(r => r.Kind == RowKind.Final).ToList();
    }

    [Fact]
    public void FramebufferPercent_FromUsedAndFreeOfSameSample()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Sample(1000, DcgmFields.FbUsed, 76_000), Sample(1000, DcgmFields.FbFree, 4_000),
                     Sample(2000, DcgmFields.FbUsed, 8_000), Sample(2000, DcgmFields.FbFree, 72_000)]);
        var row = Assert.Single(Final(agg), r => r.Metric == MetricNames.FbUsedPct);
        Assert.Equal(2, row.Count);
        Assert.Equal(95, row.Max, 6);
        Assert.Equal(10, row.Min, 6);
    }

    [Fact]
    public void EccCounter_BecomesIncrease_ResetTreatedAsNewCount()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Sample(1000, DcgmFields.EccDbeVolTotal, 5), Sample(2000, DcgmFields.EccDbeVolTotal, 5),
                     Sample(3000, DcgmFields.EccDbeVolTotal, 7), Sample(4000, DcgmFields.EccDbeVolTotal, 1)]);
        var row = Assert.Single(Final(agg), r => r.Metric == MetricNames.EccDbe);
        Assert.Equal(3, row.Sum); // 0 + 2 + 1 (counter reset to 1); the first sample is only a baseline
    }

    [Fact]
    public void Xid_NewCriticalCodeCounted_BaselineAndRepeatsAreNot()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Sample(1000, DcgmFields.XidErrors, 13), Sample(2000, DcgmFields.XidErrors, 13),
                     Sample(3000, DcgmFields.XidErrors, 79), Sample(4000, DcgmFields.XidErrors, 0),
                     Sample(5000, DcgmFields.XidErrors, 31)]);
        var rows = Final(agg);
        Assert.Equal(2, Assert.Single(rows, r => r.Metric == MetricNames.Xid).Count);
        var critical = Assert.Single(rows, r => r.Metric == MetricNames.XidCritical);
        Assert.Equal(1, critical.Count);
        Assert.Equal(79, critical.Max);
    }
}
