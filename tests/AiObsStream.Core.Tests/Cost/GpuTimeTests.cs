using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>GPU time: a GPU counts when it sent any sample in the window; a MIG GPU is paid once, not per instance.</summary>
public class GpuTimeTests
{
    private const long T0 = 1_795_345_920_000;
    private const string Uuid = "GPU-5d3e9f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
    private const double Rate = 3.6; // USD per hour: 0.06 USD per 60 s window

    private static PricingOptions Options => new()
    {
        GpuPrices = [new GpuPrice { GpuModel = "NVIDIA A800-SXM4-80GB", EffectiveFromMs = 0, UsdPerHour = Rate }],
        GpuModel = "NVIDIA A800-SXM4-80GB",
    };

    private static SeriesDims Gpu(string gpu, string deployment = "vllm", string host = "a800-node-1") =>
        Dims(TelemetrySource.DCGM, deployment, "", "", host: host, gpu: gpu);

    private static List<MetricRow> Derive(CostDeriver d, IEnumerable<MetricRow> rows)
    {
        var output = new List<MetricRow>();
        d.Derive(rows.ToList(), output);
        return output;
    }

    [Fact]
    public void Derive_MigInstancesWithFramebufferRowsOnly_GpuCountedOnce()
    {
        var d = new CostDeriver(Options);
        var output = Derive(d, [
            Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/1"), 50.08, 1), Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/2"), 12, 1),
            Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/3"), 70, 1), Row(T0, MetricNames.GpuTempC, Gpu(Uuid), 41, 1)]);
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((0.06, 1L), (cost.Sum, cost.Count));
        Assert.Equal(0.06, d.FinalUsd, 12);
    }

    [Fact]
    public void Derive_GpuWithAnyDcgmRowButNoUtilization_Counted()
    {
        var d = new CostDeriver(Options);
        var output = Derive(d, [Row(T0, MetricNames.PowerW, Gpu("GPU-0"), 300, 4), Row(T0, MetricNames.EccSbe, Gpu("GPU-1"), 0, 0)]);
        Assert.Equal((0.12, 2L), (Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd).Sum, output.Single(r => r.Metric == CostMetricNames.CostUsd).Count));
    }

    [Fact]
    public void Derive_MigInstancesServingTwoDeployments_WindowSplitEquallyTotalOneGpu()
    {
        var d = new CostDeriver(Options);
        var output = Derive(d, [
            Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/1", "chat"), 50, 1), Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/2", "chat"), 50, 1),
            Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/3", "embed"), 50, 1)]);
        var costs = output.Where(r => r.Metric == CostMetricNames.CostUsd).OrderBy(r => r.Dims.Deployment, StringComparer.Ordinal).ToList();
        Assert.Equal(["chat", "embed"], costs.Select(r => r.Dims.Deployment));
        Assert.All(costs, r => Assert.Equal(0.03, r.Sum, 12));
        Assert.Equal(0.06, d.FinalUsd, 12);
    }

    [Fact]
    public void Derive_ParentGpuSeriesWithoutDeploymentNextToAttributedInstances_TakesNoShare()
    {
        var d = new CostDeriver(Options);
        var output = Derive(d, [
            Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/1", "chat"), 50, 1), Row(T0, MetricNames.FbUsedPct, Gpu(Uuid + "/2", "embed"), 50, 1),
            Row(T0, MetricNames.GpuTempC, Gpu(Uuid, ""), 40, 1), Row(T0, MetricNames.PowerW, Gpu("GPU-other", ""), 90, 1)]);
        var costs = output.Where(r => r.Metric == CostMetricNames.CostUsd).ToDictionary(r => r.Dims.Deployment, r => r.Sum);
        Assert.Equal(0.03, costs["chat"], 12);
        Assert.Equal(0.03, costs["embed"], 12);
        Assert.Equal(0.06, costs[""], 12); // only the unattributed GPU-other
    }

    [Fact]
    public void Derive_SameGpuIndexOnTwoHosts_TwoGpus()
    {
        var d = new CostDeriver(Options);
        var output = Derive(d, [Row(T0, MetricNames.GpuUtil, Gpu("0", host: "n1"), 5, 1), Row(T0, MetricNames.GpuUtil, Gpu("0", host: "n2"), 5, 1)]);
        Assert.Equal(0.12, Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd).Sum, 12);
    }

    [Theory]
    [InlineData(CostMetricNames.CostUsd)]
    [InlineData("ingest_records")]
    [InlineData("ingest_rejected")]
    [InlineData("ingest_lag")]
    public void Derive_RowsNotFromGpuSamples_NoGpuTime(string metric)
    {
        var d = new CostDeriver(Options);
        Assert.Empty(Derive(d, [Row(T0, metric, Dims(TelemetrySource.DCGM, "", "", ""), 1, 1)]));
    }

    [Theory]
    [InlineData(Uuid, Uuid)]
    [InlineData(Uuid + "/1", Uuid)]
    [InlineData(Uuid + "-mig-2", Uuid)]
    [InlineData(Uuid + ":3g.40gb:1", Uuid)]
    [InlineData("0", "0")]
    [InlineData("0/1", "0")]
    [InlineData("12-mig-3", "12")]
    [InlineData("GPU-1", "GPU-1")]
    [InlineData("GPU-zzzzzzzz-1b2c-4d5e-8f90-a1b2c3d4e5f6/1", "GPU-zzzzzzzz-1b2c-4d5e-8f90-a1b2c3d4e5f6/1")]
    [InlineData("", "")]
    [InlineData("12ab", "12ab")]
    public void PhysicalGpu_Of_StripsTheInstanceAfterUuidOrIndex(string gpu, string physical) =>
        Assert.Equal(physical, PhysicalGpu.Of(gpu));
    /// <summary>
    /// GPU shares are summed per cost key in (host, physical GPU) order whatever order the rows arrive in: a fleet with
    /// per-host prices and MIG splits, two windows on time then final, gives bitwise the same rows from shuffled input.
    /// </summary>
    [Fact]
    public void Derive_FleetRowsInAnyOrder_SameRowsBitForBit()
    {
        var options = new PricingOptions
        {
            GpuPrices =
            [
                new GpuPrice { GpuModel = "NVIDIA A800-SXM4-80GB", EffectiveFromMs = 0, UsdPerHour = Rate },
                new GpuPrice { GpuModel = "H100", EffectiveFromMs = 0, UsdPerHour = 7.31 },
            ],
            GpuModel = "NVIDIA A800-SXM4-80GB",
            GpuModelByHost = new Dictionary<string, string> { ["node-3"] = "H100", ["node-7"] = "H100" },
        };
        var rows = new List<MetricRow>();
        foreach (var kind in new[] { RowKind.OnTime, RowKind.Final })
        {
            for (var w = 0; w < 2; w++)
            {
                for (var g = 0; g < 120; g++)
                {
                    var host = "node-" + (g % 10);
                    var deployment = g % 7 == 0 ? "" : "d" + (g % 3);
                    var uuid = $"GPU-5d3e9f0a-1b2c-4d5e-8f90-a1b2c3d4{g:x4}";
                    string[] gpus = g % 5 == 0 ? [uuid + "/1", uuid + "/2", uuid] : [uuid]; // MIG instances share one GPU
                    for (var i = 0; i < gpus.Length; i++)
                    {
                        var dims = Gpu(gpus[i], i == 1 ? "d9" : deployment, host);
                        rows.Add(Row(T0 + (w * Minute), MetricNames.GpuUtil, dims, 50, 1, kind, version: "v" + (g % 2)));
                        rows.Add(Row(T0 + (w * Minute), MetricNames.PowerW, dims, 300, 1, kind, version: "v" + (g % 2)));
                    }
                }
            }
        }

        static List<MetricRow> Run(PricingOptions options, IEnumerable<MetricRow> rows)
        {
            var d = new CostDeriver(options);
            var output = new List<MetricRow>();
            foreach (var kind in new[] { RowKind.OnTime, RowKind.Final })
            {
                d.Derive(rows.Where(r => r.Kind == kind).ToList(), output);
            }

            return output;
        }

        var shuffled = rows.ToArray();
        new Random(3).Shuffle(shuffled);
        var expected = Run(options, rows);
        var actual = Run(options, shuffled);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(
                (expected[i].WindowStartMs, expected[i].Metric, expected[i].Dims, expected[i].Kind, expected[i].Revision, expected[i].Count),
                (actual[i].WindowStartMs, actual[i].Metric, actual[i].Dims, actual[i].Kind, actual[i].Revision, actual[i].Count));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Sum), BitConverter.DoubleToInt64Bits(actual[i].Sum));
        }
    }
}
