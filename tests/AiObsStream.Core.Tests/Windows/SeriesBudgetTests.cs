using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Windows;

public class SeriesBudgetTests
{
    private const long T0 = 1_763_809_980_000; // a minute boundary
    private static readonly EventTimeOptions Time = EventTimeOptions.Default; // 1-minute windows, 5 minutes lateness

    private static SeriesDims Gpu(int i) => new(TelemetrySource.DCGM, string.Empty, string.Empty, string.Empty,
        string.Empty, string.Empty, "node-" + (i / 8), "GPU-" + i);

    private static TelemetryEvent Sample(SeriesDims dims, long time, double value = 50) =>
        TelemetryEvent.NewSample(EventKind.GpuSample, time, dims, DcgmFields.GpuUtil, value);

    [Fact]
    public void TryAdmit_NewSeriesBeyondBudget_RefusedWhileActiveSeriesStillAdmitted()
    {
        var budget = new SeriesBudget(2, Time);
        var (a, b, c) = (Gpu(0), Gpu(1), Gpu(2));

        Assert.True(budget.TryAdmit(Sample(a, T0), long.MinValue));
        Assert.True(budget.TryAdmit(Sample(b, T0), long.MinValue));
        Assert.False(budget.TryAdmit(Sample(c, T0), long.MinValue));
        Assert.True(budget.TryAdmit(Sample(a, T0 + 15_000), long.MinValue));
        Assert.True(budget.TryAdmit(Sample(b, T0 + 30_000), long.MinValue));
        Assert.False(budget.TryAdmit(Sample(c, T0 + 30_000), long.MinValue));

        Assert.Equal(2, budget.ActiveSeries);
        Assert.Equal(2, budget.PeakActiveSeries);
    }

    [Fact]
    public void TryAdmit_SeriesFreedExactlyWhenItsLastWindowCloses()
    {
        var budget = new SeriesBudget(1, Time);
        var (a, b) = (Gpu(0), Gpu(1));
        Assert.True(budget.TryAdmit(Sample(a, T0 + 10_000), long.MinValue));

        // a's window [T0, T0 + 1 min) closes when the watermark reaches its end + 5 minutes of lateness.
        var closes = T0 + 60_000 + 300_000;
        Assert.False(budget.TryAdmit(Sample(b, closes - 1), closes - 1));
        Assert.True(Time.IsTooLate(T0 + 10_000, closes));
        Assert.True(budget.TryAdmit(Sample(b, closes), closes));
        Assert.Equal(1, budget.ActiveSeries);
    }

    [Fact]
    public void TryAdmit_NewerRecordOfActiveSeries_ExtendsItsLife()
    {
        var budget = new SeriesBudget(1, Time);
        var (a, b) = (Gpu(0), Gpu(1));
        Assert.True(budget.TryAdmit(Sample(a, T0), long.MinValue));
        Assert.True(budget.TryAdmit(Sample(a, T0 + 120_000), T0 + 100_000)); // window [T0 + 2 min, T0 + 3 min)

        var firstWindowClosed = T0 + 60_000 + 300_000;
        Assert.False(budget.TryAdmit(Sample(b, firstWindowClosed), firstWindowClosed));
        var lastWindowClosed = T0 + 180_000 + 300_000;
        Assert.True(budget.TryAdmit(Sample(b, lastWindowClosed), lastWindowClosed));
    }

    [Fact]
    public void TryAdmit_PlatformMetricNames_EachNameIsASeries()
    {
        var budget = new SeriesBudget(2, Time);
        var dims = Gpu(0);
        TelemetryEvent Point(string metric) => TelemetryEvent.NewSample(EventKind.MetricPoint, T0, dims, metric, 1);

        Assert.True(budget.TryAdmit(Point("m1"), long.MinValue));
        Assert.True(budget.TryAdmit(Point("m2"), long.MinValue));
        Assert.False(budget.TryAdmit(Point("m3"), long.MinValue));
        Assert.True(budget.TryAdmit(Point("m1"), long.MinValue));
    }

    [Fact]
    public void SaveRestore_RoundTrip_KeepsActiveSeriesAndTheirLife()
    {
        var budget = new SeriesBudget(2, Time);
        Assert.True(budget.TryAdmit(Sample(Gpu(0), T0), long.MinValue));
        Assert.True(budget.TryAdmit(Sample(Gpu(1), T0 + 120_000), long.MinValue));
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            budget.Save(w);
        }

        var restored = new SeriesBudget(2, Time);
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer))
        {
            restored.Restore(r);
        }

        Assert.Equal(2, restored.ActiveSeries);
        var interned = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.DCGM, string.Empty, string.Empty,
            string.Empty, string.Empty, string.Empty, "node-0", "GPU-2"));
        Assert.False(restored.TryAdmit(Sample(interned, T0 + 130_000), T0 + 100_000));
        Assert.True(restored.TryAdmit(Sample(Gpu(0), T0 + 130_000), T0 + 100_000));
        var gpu0Closed = T0 + 60_000 + 300_000;
        Assert.False(restored.TryAdmit(Sample(interned, gpu0Closed), gpu0Closed)); // gpu 0 was extended to T0 + 2 min
        var gpu1Closed = T0 + 180_000 + 300_000;
        Assert.True(restored.TryAdmit(Sample(interned, gpu1Closed), gpu1Closed));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NonPositiveBudget_Throws(int max) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesBudget(max, Time));

    [Fact]
    public void LabelExplosion_200KDistinctSeries_StateStaysWithinTheBudget()
    {
        // 200,000 distinct label values in one window with a budget of 1,000: only the first 1,000 series reach the
        // aggregator, so the state it builds stays that of 1,000 series (about 0.7 KB each here) instead of 200,000.
        const int distinct = 200_000;
        var dims = new SeriesDims[distinct];
        for (var i = 0; i < distinct; i++)
        {
            dims[i] = Gpu(i);
        }

        var budget = new SeriesBudget(1_000, Time);
        var aggregator = new WindowedAggregator(Time);
        var admitted = new TelemetryEvent[1];
        var refused = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < distinct; i++)
        {
            admitted[0] = Sample(dims[i], T0 + (i % 60_000), i % 100);
            if (budget.TryAdmit(in admitted[0], long.MinValue))
            {
                aggregator.Process(admitted);
            }
            else
            {
                refused++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(distinct - 1_000, refused);
        Assert.Equal(1_000, budget.ActiveSeries);
        Assert.True(allocated < 4_000_000, $"allocated {allocated:N0} bytes for 1,000 admitted series");
        var rows = new List<MetricRow>();
        aggregator.AdvanceWatermark(long.MaxValue, rows);
        Assert.Equal(1_000, rows.Where(r => r.Kind == RowKind.Final).Select(r => r.Dims).Distinct().Count());
    }
}
