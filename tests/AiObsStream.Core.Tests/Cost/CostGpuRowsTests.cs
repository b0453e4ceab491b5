using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using FsCheck;
using FsCheck.Fluent;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>
/// GPU rows are priced without the input sort: what the sort decided for them (the version a GPU series keeps when its
/// rows disagree) must not change, and the cost rows must not depend on the order the rows arrive in.
/// </summary>
public class CostGpuRowsTests
{
    private const long T0 = 1_795_345_920_000;
    private static readonly string[] Metrics = [MetricNames.GpuUtil, MetricNames.PowerW, MetricNames.FbUsedPct, MetricNames.EccDbe];
    private static readonly string[] Versions = ["", "v1", "v2"];
    private static readonly RowKind[] Kinds = [RowKind.OnTime, RowKind.Correction, RowKind.Final];

    private static readonly SeriesDims[] Gpus =
    [
        Gpu("GPU-5d3e9f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6", "chat", "node-1"),
        Gpu("GPU-5d3e9f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6/1", "embed", "node-1"), // a MIG instance of the GPU above
        Gpu("GPU-1", "chat", "node-2"),
        Gpu("GPU-2", "", "node-2"),
    ];

    private static PricingOptions Options => new()
    {
        GpuPrices = [new GpuPrice { GpuModel = "H100", EffectiveFromMs = 0, UsdPerHour = 3.6 }],
        GpuModel = "H100",
    };

    private static SeriesDims Gpu(string gpu, string deployment, string host) =>
        Dims(TelemetrySource.DCGM, deployment, "", "", host: host, gpu: gpu);

    [Fact]
    public void Derive_GpuRowsOfOneSeriesWithDifferentVersions_KeepsTheVersionOfTheLastInCostInputOrder()
    {
        // gpu_util sorts before power_w: the series keeps power_w's version, whichever row arrives first
        var util = Row(T0, MetricNames.GpuUtil, Gpus[2], 50, 3, RowKind.OnTime, version: "v2");
        var power = Row(T0, MetricNames.PowerW, Gpus[2], 300, 3, RowKind.OnTime, version: "v1");
        foreach (var rows in new[] { new[] { util, power }, [power, util] })
        {
            var output = new List<MetricRow>();
            new CostDeriver(Options).Derive(rows, output);
            Assert.Equal("v1", Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd).ModelVersion);
        }
    }

    [Fact]
    public void Derive_GpuRowsInAnyOrder_SameCostRows_Property()
    {
        var row = from g in Gen.Choose(0, Gpus.Length - 1)
                  from m in Gen.Choose(0, Metrics.Length - 1)
                  from w in Gen.Choose(0, 1)
                  from k in Gen.Choose(0, Kinds.Length - 1)
                  from v in Gen.Choose(0, Versions.Length - 1)
                  select (g, m, w, k, v);
        var ticks = Gen.ListOf(Gen.ListOf(row).Select(l => l.ToArray())).Select(l => l.Take(3).ToArray());
        Prop.ForAll(ticks.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (spec, seed) =>
        {
            // a series keeps one version per tick in most ticks (as the version join gives it), so the fast path is taken
            var inOrder = spec.Select(t => Rows(t, uniform: seed % 2 == 0)).ToArray();
            var random = new Random(seed);
            var shuffled = inOrder.Select(t => t.OrderBy(_ => random.Next()).ToArray()).ToArray();
            return Run(inOrder).SequenceEqual(Run(shuffled));
        }).QuickCheckThrowOnFailure();
    }

    private static MetricRow[] Rows((int G, int M, int W, int K, int V)[] spec, bool uniform) =>
        [.. spec.Select(s => Row(T0 + (s.W * Minute), Metrics[s.M], Gpus[s.G], 10, 1, Kinds[s.K], s.K == 1 ? 1 : 0,
            Versions[uniform ? (s.G + s.W) % Versions.Length : s.V]))];

    private static List<string> Run(MetricRow[][] ticks)
    {
        var deriver = new CostDeriver(Options);
        var text = DeriveLines(deriver, ticks);
        text.Add(deriver.FinalUsd.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return text;
    }
}
