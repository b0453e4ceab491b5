using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using FsCheck;
using FsCheck.Fluent;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>
/// The deriver reuses a closed window's series map for the next window (#12): whatever the earlier windows held, a
/// window's cost rows are those a deriver that never saw them gives.
/// </summary>
public class CostWindowReuseTests
{
    private const long T0 = 1_795_345_920_000;

    private static readonly SeriesDims[] Series =
    [
        Dims(TelemetrySource.DCGM, "chat", "", "", host: "node-1", gpu: "GPU-0"),
        Dims(TelemetrySource.DCGM, "chat", "", "", host: "node-1", gpu: "GPU-1"),
        Dims(TelemetrySource.DCGM, "embed", "", "", host: "node-2", gpu: "GPU-0"),
        Dims(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "2024-08-06", "ChatCompletions_Create"),
        Dims(TelemetrySource.AzureOpenAI, "embed", "gpt-4o", "2024-11-20", "ChatCompletions_Create"),
    ];

    private static PricingOptions Options => new()
    {
        GpuPrices = [new GpuPrice { GpuModel = "H100", EffectiveFromMs = 0, UsdPerHour = 3.6 }],
        GpuModel = "H100",
    };

    [Fact]
    public void Derive_WindowAfterALargerOne_BillsOnlyItsOwnSeries()
    {
        // window 0: every series, fired then closed; window 1: one GPU only. A map reused without being emptied would
        // bill window 1 for the series of window 0.
        var first = Window(0, [0, 1, 2, 3, 4]);
        var second = Window(1, [2]);
        var reused = Run([.. first, .. second]);
        var fresh = Run(second);
        Assert.Equal(fresh, reused.Skip(reused.Count - fresh.Count));
        Assert.Contains(fresh, line => line.Contains(" embed ", StringComparison.Ordinal));
        Assert.DoesNotContain(fresh, line => line.Contains(" chat ", StringComparison.Ordinal));
    }

    [Fact]
    public void Derive_ManyWindows_EachWindowAsAFreshDeriverGivesIt_Property()
    {
        var window = Gen.SubListOf(Enumerable.Range(0, Series.Length).ToArray()).Select(l => l.ToArray());
        Prop.ForAll(Gen.ListOf(window).Select(l => l.Take(8).ToArray()).ToArbitrary(), windows =>
        {
            var ticks = windows.Select((series, w) => Window(w, series)).ToArray();
            var all = Run([.. ticks.SelectMany(t => t)]);
            var each = ticks.SelectMany(t => Run(t)).ToList();
            return all.SequenceEqual(each);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The ticks of window <paramref name="w"/>: its on-time rows, then its final rows.</summary>
    private static MetricRow[][] Window(int w, int[] series)
    {
        var start = T0 + (w * Minute);
        MetricRow[] Rows(RowKind kind) =>
        [
            .. series.SelectMany(i => Series[i].Source == TelemetrySource.DCGM
                ? [Row(start, MetricNames.GpuUtil, Series[i], 40 + i, 4, kind)]
                : Usage(start, Series[i], 1000 * (i + 1), 200 * (i + 1), 3 + i, kind)),
        ];
        return [Rows(RowKind.OnTime), Rows(RowKind.Final)];
    }

    private static List<string> Run(MetricRow[][] ticks) => DeriveLines(new CostDeriver(Options), ticks);
}
