using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

public class WindowedAggregatorTests
{
    private static readonly SeriesDims Dims = new DimsPool().Intern(
        new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", "r", "", ""));

    private static TelemetryEvent Request(long t, double latency, int status = 200, ulong id = 0)
    {
        var e = TelemetryEvent.NewRequest(t, Dims);
        e.Status = status;
        e.Success = status is >= 200 and < 400;
        e.LatencyMs = latency;
        e.DedupKey = id;
        return e;
    }

    private static List<MetricRow> Advance(WindowedAggregator agg, long watermark)
    {
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(watermark, rows);
        return rows;
    }

    private static MetricRow Only(List<MetricRow> rows, string metric, RowKind kind) =>
        Assert.Single(rows, r => r.Metric == metric && r.Kind == kind);

    [Fact]
    public void Process_AfterRestoreOverTheLastUsedGroup_CountsIntoTheRestoredGroup()
    {
        // The aggregator remembers the group it used last; a restore recycles that group, so the next record of the
        // same series and window must land in the restored group (2 requests), not in the pooled one (1).
        var source = new WindowedAggregator(EventTimeOptions.Default);
        source.Process([Request(10_000, 100, id: 1)]);
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            source.SaveState(writer);
        }

        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(15_000, 500, id: 2)]);
        state.Position = 0;
        using (var reader = new BinaryReader(state))
        {
            agg.RestoreState(reader);
        }

        agg.Process([Request(20_000, 300, id: 3)]);
        var rows = Advance(agg, 60_000);

        Assert.Equal(2, Only(rows, MetricNames.Requests, RowKind.OnTime).Count);
        Assert.Equal(200, Only(rows, MetricNames.LatencyMs, RowKind.OnTime).Mean);
    }

    [Fact]
    public void Process_SeriesAlternatingAndWindowsClosing_EachRecordInItsOwnGroup()
    {
        // Two series interleaved, then a later window after the first closed (its groups pooled and reused): the
        // remembered last group must never stand in for another series or another window.
        var other = new DimsPool().Intern(
            new DimsKey(TelemetrySource.AzureOpenAI, "chat-dev", "gpt-4o", "2024-08-06", "ChatCompletions_Create", "r", "", ""));
        var b = TelemetryEvent.NewRequest(12_000, other);
        b.Status = 200;
        b.Success = true;
        b.LatencyMs = 1_000;
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(10_000, 100), b, Request(11_000, 300), Request(70_000, 50)]);
        var first = Advance(agg, 200_000);
        agg.Process([Request(250_000, 7)]);
        var later = Advance(agg, 400_000);

        var chat = first.Where(r => r.WindowStartMs == 0 && r.Dims == Dims).ToList();
        Assert.Equal(2, Only(chat, MetricNames.Requests, RowKind.OnTime).Count);
        Assert.Equal(200, Only(chat, MetricNames.LatencyMs, RowKind.OnTime).Mean);
        Assert.Equal(1_000, Only(first.Where(r => r.Dims == other).ToList(), MetricNames.LatencyMs, RowKind.OnTime).Mean);
        Assert.Equal(50, Only(first.Where(r => r.WindowStartMs == 60_000).ToList(), MetricNames.LatencyMs, RowKind.OnTime).Mean);
        Assert.Equal(1, Only(later.Where(r => r.WindowStartMs == 240_000).ToList(), MetricNames.Requests, RowKind.OnTime).Count);
        Assert.Equal(7, Only(later.Where(r => r.WindowStartMs == 240_000).ToList(), MetricNames.LatencyMs, RowKind.OnTime).Mean);
    }

    [Fact]
    public void Process_OutOfOrderWithinWindow_CountedInTheirWindows()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(65_000, 100), Request(10_000, 200), Request(59_999, 300), Request(60_000, 400)]);
        var rows = Advance(agg, 120_000);
        var first = rows.Where(r => r.WindowStartMs == 0 && r.Kind == RowKind.OnTime).ToList();
        var second = rows.Where(r => r.WindowStartMs == 60_000 && r.Kind == RowKind.OnTime).ToList();
        Assert.Equal(2, Only(first, MetricNames.Requests, RowKind.OnTime).Count);
        Assert.Equal(2, Only(second, MetricNames.Requests, RowKind.OnTime).Count);
        Assert.Equal(250, Only(first, MetricNames.LatencyMs, RowKind.OnTime).Mean);
    }

    [Fact]
    public void AdvanceWatermark_TieWithWindowEnd_FiresWindow()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(30_000, 1)]);
        Assert.Empty(Advance(agg, 59_999));
        Assert.Contains(Advance(agg, 60_000), r => r.Kind == RowKind.OnTime);
    }

    [Fact]
    public void Process_LateWithinLateness_EmitsCorrectionWithSameRowIdThenFinal()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(10_000, 100)]);
        var onTime = Only(Advance(agg, 70_000), MetricNames.Requests, RowKind.OnTime);
        agg.Process([Request(20_000, 300)]); // late: its window already fired
        var correction = Only(Advance(agg, 80_000), MetricNames.Requests, RowKind.Correction);
        Assert.Equal(onTime.RowId, correction.RowId);
        Assert.Equal(1, correction.Revision);
        Assert.Equal(2, correction.Count);
        var final = Only(Advance(agg, 60_000 + 300_000), MetricNames.Requests, RowKind.Final);
        Assert.Equal(2, final.Count);
        Assert.Equal(onTime.RowId, final.RowId);
        Assert.Equal(0, agg.OpenWindows);
    }

    [Fact]
    public void Process_BeyondLateness_DroppedAndCounted()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(400_000, 1)]);
        Advance(agg, 360_000);
        agg.Process([Request(59_000, 1)]); // window [0,60s) closed at 60s + 300s
        Assert.Equal(1, agg.LateDropped);
        Assert.DoesNotContain(Advance(agg, long.MaxValue), r => r.WindowStartMs == 0);
    }

    [Fact]
    public void Process_DuplicateIdentity_CountsOnce()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(1_000, 100, id: 7), Request(1_000, 100, id: 7), Request(2_000, 100, id: 8)]);
        Assert.Equal(1, agg.Duplicates);
        Assert.Equal(2, Only(Advance(agg, long.MaxValue), MetricNames.Requests, RowKind.Final).Count);
    }

    [Fact]
    public void Emit_ThrottlingAndErrors_CountsSharesAndSuccessOnlyLatency()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(1, 100), Request(2, 200), Request(3, 5000, 429), Request(4, 50, 500)]);
        var rows = Advance(agg, long.MaxValue).Where(r => r.Kind == RowKind.Final).ToList();
        Assert.Equal(4, Only(rows, MetricNames.Requests, RowKind.Final).Count);
        Assert.Equal(4, Only(rows, MetricNames.Requests, RowKind.Final).Rate);
        Assert.Equal(0.25, Only(rows, MetricNames.Http429, RowKind.Final).Share);
        Assert.Equal(0.25, Only(rows, MetricNames.Errors, RowKind.Final).Share);
        var latency = Only(rows, MetricNames.LatencyMs, RowKind.Final);
        Assert.Equal(2, latency.Count);
        Assert.Equal(200, latency.Max);
    }

    [Fact]
    public void Emit_NoThrottling_StillEmitsZeroShareRow()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Request(1, 100)]);
        var row = Only(Advance(agg, long.MaxValue), MetricNames.Http429, RowKind.Final);
        Assert.Equal(0, row.Count);
        Assert.Equal(0, row.Share);
    }

    [Fact]
    public void Process_HoppingWindows_EventCountedInEachContainingWindow()
    {
        var options = EventTimeOptions.Default with { Window = new WindowSpec(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)) };
        var agg = new WindowedAggregator(options);
        agg.Process([Request(90_000, 1)]);
        var rows = Advance(agg, long.MaxValue).Where(r => r.Metric == MetricNames.Requests && r.Kind == RowKind.Final).ToList();
        Assert.Equal(new long[] { 0, 60_000 }, rows.Select(r => r.WindowStartMs).Order().ToArray());
        Assert.All(rows, r => Assert.Equal(120_000, r.WindowEndMs - r.WindowStartMs));
    }
}
