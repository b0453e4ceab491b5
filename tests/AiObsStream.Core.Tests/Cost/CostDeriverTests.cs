using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

public class CostDeriverTests
{
    private const long T0 = 1_795_345_920_000; // 2026-11-22T11:12:00Z
    private const string Account = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A";
    private static readonly SeriesDims Aoai = Dims(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", Account);
    private static readonly SeriesDims AppA = Dims(TelemetrySource.AppInsights, "chat-prod", "", "2024-08-06", "op-a");
    private static readonly SeriesDims AppB = Dims(TelemetrySource.AppInsights, "chat-prod", "", "2024-08-06", "op-b");

    private static PricingOptions Options => new()
    {
        GpuPrices = [new GpuPrice { GpuModel = "NVIDIA H100 80GB HBM3", EffectiveFromMs = 0, UsdPerHour = 12 }],
        GpuModelByHost = new Dictionary<string, string> { ["gpu-node-1"] = "NVIDIA H100 80GB HBM3" },
        TagsByResource = new Dictionary<string, CostTag> { [Account] = new("search", "copilot") },
    };

    private static List<MetricRow> Derive(CostDeriver d, IEnumerable<MetricRow> rows)
    {
        var output = new List<MetricRow>();
        d.Derive(rows.ToList(), output);
        return output;
    }

    private static double Usd(double prompt, double completion) => (prompt * 0.0025 + completion * 0.01) / 1000;

    [Fact]
    public void Derive_FinalRowsOfTwoSeries_OneCostRowWithModelLearnedFromAzureOpenAILogs()
    {
        var d = new CostDeriver(Options);
        var input = Usage(T0, AppA, 1000, 200, 4).Concat(Usage(T0, AppB, 3000, 100, 6))
            .Append(Row(T0, MetricNames.Requests, Aoai, 10, 10));
        var output = Derive(d, input);
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal(Usd(4000, 300), cost.Sum, 12);
        Assert.Equal(10, cost.Count);
        Assert.Equal(Usd(4000, 300) / 10, cost.Mean, 12);
        Assert.Equal(("chat-prod", "gpt-4o", "2024-08-06", TelemetrySource.AppInsights), (cost.Dims.Deployment, cost.Dims.ModelName, cost.ModelVersion, cost.Dims.Source));
        Assert.Equal(("search", "copilot"), (cost.Team, cost.Project));
        Assert.Equal(RowKind.Final, cost.Kind);
        var per1K = Assert.Single(output, r => r.Metric == CostMetricNames.CostPer1KTokens);
        Assert.Equal(Usd(4000, 300) / 4300 * 1000, per1K.Mean, 12);
        Assert.Equal(Usd(4000, 300), d.FinalUsd, 12);
        Assert.DoesNotContain(output, r => r.Dims.Source == TelemetrySource.AzureOpenAI); // no token counts there: nothing to price
    }

    [Fact]
    public void Derive_UnknownModel_UnpricedRowAndCounterNotZeroCost()
    {
        var d = new CostDeriver(Options);
        var dims = Dims(TelemetrySource.Log, "mystery", "llama-9", "v1");
        var output = Derive(d, Usage(T0, dims, 500, 50, 2));
        Assert.DoesNotContain(output, r => r.Metric == CostMetricNames.CostUsd);
        var unpriced = Assert.Single(output);
        Assert.Equal((CostMetricNames.UnpricedTokens, 550.0, 2L), (unpriced.Metric, unpriced.Sum, unpriced.Count));
        Assert.Equal(550, d.UnpricedTokens);
        Assert.Contains("llama-9 v1 GlobalStandard (mystery)", d.UnpricedModels);
    }

    [Fact]
    public void Derive_OnTimeThenCorrection_RevisionOneWithWholeDeploymentTotal()
    {
        var d = new CostDeriver(Options);
        Derive(d, [Row(T0, MetricNames.Requests, Aoai, 1, 1, RowKind.OnTime)]);
        var first = Derive(d, Usage(T0, AppA, 1000, 100, 1, RowKind.OnTime).Concat(Usage(T0, AppB, 2000, 100, 1, RowKind.OnTime)));
        Assert.Equal((RowKind.OnTime, 0), (first.Single(r => r.Metric == CostMetricNames.CostUsd).Kind, first.Single(r => r.Metric == CostMetricNames.CostUsd).Revision));
        var corrected = Derive(d, Usage(T0, AppB, 2500, 150, 2, RowKind.Correction, 1));
        var cost = Assert.Single(corrected, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((RowKind.Correction, 1, 3L), (cost.Kind, cost.Revision, cost.Count));
        Assert.Equal(Usd(3500, 250), cost.Sum, 12);
        var final = Derive(d, Usage(T0, AppA, 1000, 100, 1, RowKind.Final, 0).Concat(Usage(T0, AppB, 2500, 150, 2, RowKind.Final, 1)));
        var last = Assert.Single(final, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((RowKind.Final, 1), (last.Kind, last.Revision));
        Assert.Equal(cost.Sum, last.Sum);
    }

    [Fact]
    public void Derive_GpuRows_WindowSecondsTimesRateAndUnpricedWithoutGpuModel()
    {
        var d = new CostDeriver(Options);
        var known = Dims(TelemetrySource.DCGM, "vllm", "", "", host: "gpu-node-1", gpu: "GPU-1");
        var known2 = Dims(TelemetrySource.DCGM, "vllm", "", "", host: "gpu-node-1", gpu: "GPU-2");
        var unknown = Dims(TelemetrySource.DCGM, "other", "", "", host: "gpu-node-9", gpu: "GPU-3");
        var output = Derive(d, [
            Row(T0, MetricNames.GpuUtil, known, 400, 4, version: "r7"), Row(T0, MetricNames.GpuUtil, known2, 40, 4, version: "r7"),
            Row(T0, MetricNames.GpuUtil, unknown, 10, 4)]);
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((2 * 60 * 12 / 3600.0, 2L, "r7"), (cost.Sum, cost.Count, cost.ModelVersion));
        var unpriced = Assert.Single(output, r => r.Metric == CostMetricNames.UnpricedGpuSeconds);
        Assert.Equal(("other", 60.0), (unpriced.Dims.Deployment, unpriced.Sum));
        Assert.Equal(60, d.UnpricedGpuSeconds);
    }

    [Fact]
    public void Derive_ShuffledInput_BitIdenticalRows()
    {
        var rows = new List<MetricRow>();
        for (var i = 0; i < 40; i++)
        {
            rows.AddRange(Usage(T0, Dims(TelemetrySource.AppInsights, "chat-prod", "gpt-4o", "2024-11-20", "op" + i), 1000.0 / 3 * i, 77.7 * i, i));
        }

        var a = Derive(new CostDeriver(Options), rows);
        var b = Derive(new CostDeriver(Options), rows.OrderBy(r => r.Dims.Operation.GetHashCode(StringComparison.Ordinal)).Reverse());
        Assert.Equal(a.Select(r => BitConverter.DoubleToInt64Bits(r.Sum)), b.Select(r => BitConverter.DoubleToInt64Bits(r.Sum)));
    }

    [Fact]
    public void Derive_ManyDeploymentsAndVersionsInAnyOrder_RowsInCostKeyOrder()
    {
        var rows = new List<MetricRow>();
        foreach (var deployment in new[] { "chat-b", "chat-a", "chat-a-b", "Chat-c", "chat-" })
        {
            foreach (var version in new[] { "2024-11-20", "2024-08-06", "2024-08-06.1" })
            {
                rows.AddRange(Usage(T0, Dims(TelemetrySource.AppInsights, deployment, "gpt-4o", version, "op"), 1000, 100, 2, RowKind.OnTime));
                rows.AddRange(Usage(T0, Dims(TelemetrySource.AppInsights, deployment, "gpt-4o", version, "op"), 1000, 100, 2, RowKind.Final));
            }
        }

        rows.Reverse();
        var output = Derive(new CostDeriver(Options), rows)
            .Where(r => r.Metric is CostMetricNames.CostUsd or CostMetricNames.UnpricedTokens).ToList(); // one per key

        var expected = output.OrderBy(r => r.Kind).ThenBy(r => r.Dims.Deployment, StringComparer.Ordinal)
            .ThenBy(r => r.ModelVersion, StringComparer.Ordinal).ToList();
        Assert.Equal(30, output.Count);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void SaveState_RestoreIntoFreshInstance_ContinuesIdentically()
    {
        var original = new CostDeriver(Options);
        Derive(original, Usage(T0, AppA, 1000, 100, 1, RowKind.OnTime).Append(Row(T0, MetricNames.Requests, Aoai, 1, 1, RowKind.OnTime)));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.SaveState(writer);
        }

        stream.Position = 0;
        var restored = new CostDeriver(Options);
        using (var reader = new BinaryReader(stream))
        {
            restored.RestoreState(reader);
        }

        var next = Usage(T0, AppB, 2000, 50, 3, RowKind.Correction, 1).ToList();
        var a = Derive(original, next);
        var b = Derive(restored, next);
        Assert.Equal(a, b);
        Assert.Equal("search", b.Single(r => r.Metric == CostMetricNames.CostUsd).Team);
    }
}
