using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Network;

/// <summary>
/// Network counters become increases and rates in event-time order (whatever the arrival order, and across a
/// checkpoint); gauges are distributions; several error counters add up into one metric.
/// </summary>
public class NetworkAggregationTests
{
    private const long T0 = 1_795_340_000_000 / 60_000 * 60_000;
    private const string Flit = "DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL";
    private const string Replay = "DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL";
    private const string IbRx = NetworkFields.InfinibandReceivedBytes;
    private const string LinkDowned = "node_infiniband_link_downed_total";
    private static readonly SeriesDims Gpu = new DimsPool().Intern(
        new DimsKey(TelemetrySource.DCGM, "chat-prod", "", "", "", "", "aks-gpu-0", "GPU-1"));
    private static readonly SeriesDims Port = new DimsPool().Intern(
        new DimsKey(TelemetrySource.DCGM, "", "", "", "", "", "aks-gpu-0", "ib:mlx5_0/1"));

    private static TelemetryEvent Sample(long t, string field, double value, SeriesDims? dims = null) =>
        TelemetryEvent.NewSample(EventKind.GpuSample, t, dims ?? Gpu, field, value);

    private static List<MetricRow> Run(IEnumerable<TelemetryEvent> events, int batch = 1, IReadOnlyCollection<string>? metrics = null)
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default, metrics);
        foreach (var chunk in events.Chunk(batch))
        {
            agg.Process(chunk);
        }

        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        return rows.Where(r => r.Kind == RowKind.Final).ToList();
    }

    private static string[] Summary(IEnumerable<MetricRow> rows) =>
        [.. rows.Where(r => NetworkMetricNames.IsNetwork(r.Metric))
            .Select(r => FormattableString.Invariant($"{r.Metric} {r.Dims.Gpu} {r.WindowStartMs} n={r.Count} sum={r.Sum:R} min={r.Min:R} max={r.Max:R}"))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void ErrorCounters_IncreasesWithResets_AddUpAcrossTheFourNvlinkTotals()
    {
        var rows = Run([Sample(T0 + 1000, Flit, 5), Sample(T0 + 1000, Replay, 100), Sample(T0 + 2000, Flit, 9),
            Sample(T0 + 2000, Replay, 100), Sample(T0 + 3000, Flit, 2), Sample(T0 + 3000, Replay, 103)]);
        var row = Assert.Single(rows, r => r.Metric == NetworkMetricNames.NvlinkErrors);
        Assert.Equal(4, row.Count); // two baselines
        Assert.Equal(4 + 0 + 2 + 3, row.Sum); // flit +4, reset to 2; replay +0, +3
        Assert.False(row.P95 is var p && double.IsFinite(p)); // increases are counted, not a distribution
    }

    [Fact]
    public void FirstSampleOfAnErrorCounter_GivesAZeroRow()
    {
        var row = Assert.Single(Run([Sample(T0 + 1000, LinkDowned, 7, Port)]));
        Assert.Equal(NetworkMetricNames.IbLinkDowned, row.Metric);
        Assert.Equal(0, row.Count);
        Assert.Equal(0, row.Sum);
    }

    [Fact]
    public void DataCounter_RateIsBytesPerSecondBetweenSamples()
    {
        var rows = Run([Sample(T0 + 0, IbRx, 1_000_000, Port), Sample(T0 + 15_000, IbRx, 16_000_000, Port),
            Sample(T0 + 30_000, IbRx, 46_000_000, Port), Sample(T0 + 40_000, IbRx, 4_000_000, Port)]);
        var row = Assert.Single(rows, r => r.Metric == NetworkMetricNames.IbRxBytesPerSecond);
        Assert.Equal(3, row.Count);
        Assert.Equal(400_000, row.Min, 6); // after the reset the new value counts: 4 MB over 10 s
        Assert.Equal(2_000_000, row.Max, 6); // 30 MB over 15 s
        Assert.Equal(1_000_000 + 2_000_000 + 400_000, row.Sum, 6); // 15 MB and 30 MB over 15 s each
        Assert.True(double.IsFinite(row.P95));
        Assert.Equal("ib:mlx5_0/1", row.Dims.Gpu);
    }

    [Fact]
    public void Gauge_EachSampleIsAValue()
    {
        var rows = Run([Sample(T0 + 1000, "DCGM_FI_PROF_PCIE_TX_BYTES", 2e9), Sample(T0 + 2000, "DCGM_FI_PROF_PCIE_TX_BYTES", 4e9)]);
        var row = Assert.Single(rows, r => r.Metric == NetworkMetricNames.PcieTxBytesPerSecond);
        Assert.Equal(2, row.Count);
        Assert.Equal(3e9, row.Mean);
    }

    /// <summary>Four minutes of 15-second scrapes of two NVLink error totals, a port's link-down and data counters.</summary>
    private static List<TelemetryEvent> Recording()
    {
        var rng = new Random(11);
        var events = new List<TelemetryEvent>();
        double flit = 0, replay = 40, downed = 3, rx = 1e12;
        for (var k = 0; k < 16; k++)
        {
            var t = T0 + (k * 15_000) + rng.Next(0, 300);
            flit = k == 9 ? 0 : flit + (rng.NextDouble() < 0.5 ? rng.Next(1, 20) : 0);
            replay += rng.NextDouble() < 0.3 ? 1 : 0;
            downed += k is 6 or 7 ? 1 : 0;
            rx = k == 12 ? 5e6 : rx + rng.Next(1, 1000) * 1e6;
            events.Add(Sample(t, Flit, flit));
            events.Add(Sample(t, Replay, replay));
            events.Add(Sample(t, LinkDowned, downed, Port));
            events.Add(Sample(t, IbRx, rx, Port));
        }

        return events;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 64)]
    public void Shuffled_WithinLateness_SameRowsAsInOrder(int seed, int batch)
    {
        var recording = Recording();
        var expected = Summary(Run(recording));
        var shuffled = recording.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));

        Assert.Equal(expected, Summary(Run(shuffled, batch)));
        Assert.Contains(expected, s => s.StartsWith("ib_link_downed", StringComparison.Ordinal) && s.Contains("sum=2 ", StringComparison.Ordinal));
        Assert.Contains(expected, s => s.StartsWith("ib_rx_bytes_per_s", StringComparison.Ordinal));
    }

    [Fact]
    public void Checkpoint_MidRecording_ResumedRunEqualsUninterrupted()
    {
        var recording = Recording();
        var expected = Summary(Run(recording));

        var first = new WindowedAggregator(EventTimeOptions.Default);
        first.Process(recording.Take(30).ToArray());
        using var state = new MemoryStream();
        using (var w = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.SaveState(w);
        }

        state.Position = 0;
        var resumed = new WindowedAggregator(EventTimeOptions.Default);
        using (var r = new BinaryReader(state))
        {
            resumed.RestoreState(r);
        }

        resumed.Process(recording.Skip(30).ToArray());
        var rows = new List<MetricRow>();
        resumed.AdvanceWatermark(long.MaxValue, rows);
        Assert.Equal(expected, Summary(rows.Where(r => r.Kind == RowKind.Final)));
    }

    [Fact]
    public void MetricFilterWithoutNetworkMetrics_NoRowsAndNoCounterState()
    {
        var rows = Run(Recording(), metrics: [MetricNames.GpuUtil]);
        Assert.Empty(Summary(rows));
    }
}
