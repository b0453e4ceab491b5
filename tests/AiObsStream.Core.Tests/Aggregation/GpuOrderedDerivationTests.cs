using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>
/// ECC counter increases and new XID codes are derived in event-time order: whatever order the samples arrive in (within
/// the allowed lateness), and across a checkpoint, the rows equal those of an in-order run.
/// </summary>
public class GpuOrderedDerivationTests
{
    private const long T0 = 1_795_340_000_000 / 60_000 * 60_000; // a minute boundary
    private static readonly SeriesDims Gpu = new DimsPool().Intern(
        new DimsKey(TelemetrySource.DCGM, "chat-prod", "", "", "", "", "aks-gpu-0", "GPU-1"));

    private static TelemetryEvent Sample(long t, string field, double value) =>
        TelemetryEvent.NewSample(EventKind.GpuSample, t, Gpu, field, value);

    /// <summary>Four minutes of 5-second scrapes: SBE/DBE counters that grow and reset twice, XID codes that change.</summary>
    private static List<TelemetryEvent> Recording()
    {
        var rng = new Random(7);
        var events = new List<TelemetryEvent>();
        double sbe = 12, dbe = 0, xid = 0;
        for (var k = 0; k < 48; k++)
        {
            var t = T0 + (k * 5_000) + rng.Next(0, 200);
            sbe = k is 17 or 40 ? 0 : sbe + (rng.NextDouble() < 0.4 ? rng.Next(1, 4) : 0);
            dbe = k is 17 or 40 ? 0 : dbe + (rng.NextDouble() < 0.1 ? 1 : 0);
            xid = k switch { 9 => 13, 16 => 48, 17 => 0, 30 => 79, 33 => 31, _ => xid };
            events.Add(Sample(t, DcgmFields.EccSbeVolTotal, sbe));
            events.Add(Sample(t, DcgmFields.EccDbeVolTotal, dbe));
            events.Add(Sample(t, DcgmFields.XidErrors, xid));
        }

        return events;
    }

    private static List<MetricRow> Run(IEnumerable<TelemetryEvent> events, int batch = 1)
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        foreach (var chunk in events.Chunk(batch))
        {
            agg.Process(chunk);
        }

        return Final(agg);
    }

    private static List<MetricRow> Final(WindowedAggregator agg)
    {
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        return rows.Where(r => r.Kind == RowKind.Final).ToList();
    }

    private static string[] Summary(IEnumerable<MetricRow> rows) =>
        [.. rows.Where(r => r.Metric is MetricNames.EccSbe or MetricNames.EccDbe or MetricNames.Xid or MetricNames.XidCritical)
            .Select(r => FormattableString.Invariant($"{r.Metric} {r.WindowStartMs} n={r.Count} sum={r.Sum} min={r.Min} max={r.Max}"))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 30)]
    [InlineData(4, 144)]
    public void Shuffled_WithinLateness_SameRowsAsInOrder(int seed, int batch)
    {
        var recording = Recording();
        var expected = Summary(Run(recording));
        var shuffled = recording.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));

        Assert.Equal(expected, Summary(Run(shuffled, batch)));
        Assert.Contains(expected, s => s.StartsWith("ecc_sbe", StringComparison.Ordinal) && !s.Contains("sum=0 ", StringComparison.Ordinal));
        Assert.Contains(expected, s => s.StartsWith("xid_critical", StringComparison.Ordinal) && s.Contains("n=1", StringComparison.Ordinal));
    }

    [Fact]
    public void InOrder_CounterIncreasesAndResets_AsBefore()
    {
        var rows = Run([Sample(T0 + 1000, DcgmFields.EccSbeVolTotal, 5), Sample(T0 + 2000, DcgmFields.EccSbeVolTotal, 5),
            Sample(T0 + 3000, DcgmFields.EccSbeVolTotal, 7), Sample(T0 + 4000, DcgmFields.EccSbeVolTotal, 1)]);
        var row = Assert.Single(rows, r => r.Metric == MetricNames.EccSbe);
        Assert.Equal(3, row.Count); // the first sample is a baseline
        Assert.Equal(3, row.Sum); // 0 + 2 + 1 (reset to 1)
    }

    [Fact]
    public void EarlierSampleArrivesLast_BecomesTheBaselineAndTheOldFirstGetsItsIncrease()
    {
        var rows = Run([Sample(T0 + 3000, DcgmFields.EccDbeVolTotal, 9), Sample(T0 + 4000, DcgmFields.EccDbeVolTotal, 10),
            Sample(T0 + 1000, DcgmFields.EccDbeVolTotal, 4)]);
        var row = Assert.Single(rows, r => r.Metric == MetricNames.EccDbe);
        Assert.Equal(2, row.Count);
        Assert.Equal(6, row.Sum); // 9 − 4, then 10 − 9
        Assert.Equal(1, row.Min);
        Assert.Equal(5, row.Max);
    }

    [Fact]
    public void RepeatedTime_SecondSampleIgnored()
    {
        var rows = Run([Sample(T0 + 1000, DcgmFields.EccSbeVolTotal, 2), Sample(T0 + 2000, DcgmFields.EccSbeVolTotal, 3),
            Sample(T0 + 2000, DcgmFields.EccSbeVolTotal, 50), Sample(T0 + 3000, DcgmFields.EccSbeVolTotal, 4)]);
        var row = Assert.Single(rows, r => r.Metric == MetricNames.EccSbe);
        Assert.Equal(2, row.Count);
        Assert.Equal(2, row.Sum);
    }

    [Fact]
    public void SampleArrivesAfterItsSuccessorsWindowFired_CorrectionCarriesTheRebuiltIncrease()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Sample(T0 + 50_000, DcgmFields.EccSbeVolTotal, 10), Sample(T0 + 70_000, DcgmFields.EccSbeVolTotal, 30)]);
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(T0 + 125_000, rows); // both minutes fire on time, still open for late records
        Assert.Equal(20, Assert.Single(rows, r => r.Metric == MetricNames.EccSbe && r.WindowStartMs == T0 + 60_000).Sum);

        rows.Clear();
        agg.Process([Sample(T0 + 65_000, DcgmFields.EccSbeVolTotal, 12)]);
        agg.AdvanceWatermark(T0 + 126_000, rows);
        var corrected = Assert.Single(rows, r => r.Metric == MetricNames.EccSbe);
        Assert.Equal(RowKind.Correction, corrected.Kind);
        Assert.Equal(2, corrected.Count); // 12 − 10 and 30 − 12 instead of 30 − 10
        Assert.Equal(20, corrected.Sum);
        Assert.Equal(18, corrected.Max);
    }

    [Fact]
    public void Xid_ChangeSeenOutOfOrder_CountedOnceAtItsTime()
    {
        var rows = Run([Sample(T0 + 3000, DcgmFields.XidErrors, 79), Sample(T0 + 1000, DcgmFields.XidErrors, 0),
            Sample(T0 + 4000, DcgmFields.XidErrors, 79), Sample(T0 + 2000, DcgmFields.XidErrors, 0)]);
        Assert.Equal(1, Assert.Single(rows, r => r.Metric == MetricNames.Xid).Count);
        Assert.Equal(79, Assert.Single(rows, r => r.Metric == MetricNames.XidCritical).Max);
    }

    [Fact]
    public void CheckpointMidStream_RestoredAggregatorContinuesOutOfOrder_SameRowsAsInOrder()
    {
        var recording = Recording();
        var expected = Summary(Run(recording));
        var shuffled = recording.ToList();
        new Random(11).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        var first = new WindowedAggregator(EventTimeOptions.Default);
        first.Process(shuffled[..(shuffled.Count / 2)].ToArray());
        using var state = new MemoryStream();
        using (var w = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.SaveState(w);
        }

        state.Position = 0;
        var second = new WindowedAggregator(EventTimeOptions.Default);
        using (var r = new BinaryReader(state))
        {
            second.RestoreState(r);
        }

        second.Process(shuffled[(shuffled.Count / 2)..].ToArray());
        Assert.Equal(expected, Summary(Final(second)));
    }

    [Fact]
    public void History_KeepsOnlyWhatOpenWindowsNeedPlusOnePredecessor()
    {
        var options = EventTimeOptions.Default; // 1-minute windows, 5 minutes lateness
        var history = new GpuSampleHistory();
        for (var k = 0; k < 60; k++)
        {
            Assert.Equal(history.Count, history.Insert(T0 + (k * 60_000), k));
        }

        history.Prune(options, T0 + (30 * 60_000));
        Assert.Equal(T0 + (24 * 60_000), history.TimeAt(0)); // the predecessor of the oldest sample still accepted
        Assert.False(options.IsTooLate(history.TimeAt(1), T0 + (30 * 60_000)));
        Assert.True(options.IsTooLate(history.TimeAt(0), T0 + (30 * 60_000)));
        Assert.Equal(-1, history.Insert(T0 + (40 * 60_000), 1)); // a repeated time
        Assert.Equal(36, history.Count);
    }

    [Fact]
    public void History_RestoreOfDescendingTimes_IsRejected()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(2);
            w.Write(T0 + 2000);
            w.Write(1.0);
            w.Write(T0 + 1000);
            w.Write(2.0);
        }

        buffer.Position = 0;
        using var r = new BinaryReader(buffer);
        var ex = Assert.Throws<InvalidDataException>(() => new GpuSampleHistory().Restore(r));
        Assert.Contains("ascending", ex.Message, StringComparison.Ordinal);
    }
}
