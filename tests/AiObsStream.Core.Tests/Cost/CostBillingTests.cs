using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>One call is priced once: billed tokens only, one billing source per deployment and window.</summary>
public class CostBillingTests
{
    private const long T0 = 1_795_345_920_000; // 2026-11-22T11:12:00Z
    private const string Account = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A";
    private static readonly SeriesDims Metrics = Dims(TelemetrySource.AzureMetrics, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", Account);
    private static readonly SeriesDims MetricsEmbed = Dims(TelemetrySource.AzureMetrics, "chat-prod", "gpt-4o", "2024-08-06", "Embeddings_Create", Account);
    private static readonly SeriesDims Aoai = Dims(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", Account);
    private static readonly SeriesDims App = Dims(TelemetrySource.AppInsights, "chat-prod", "gpt-4o", "2024-08-06", "llm-inference");
    private static readonly SeriesDims Log = Dims(TelemetrySource.Log, "chat-prod", "", "2024-08-06");
    private static readonly SeriesDims OtherApp = Dims(TelemetrySource.AppInsights, "mini-prod", "gpt-4o-mini", "2024-07-18", "llm-inference");

    private static List<MetricRow> Derive(CostDeriver d, IEnumerable<MetricRow> rows)
    {
        var output = new List<MetricRow>();
        d.Derive(rows.ToList(), output);
        return output;
    }

    private static double Usd(double prompt, double completion) => (prompt * 0.0025 + completion * 0.01) / 1000;

    /// <summary>What <c>summarize arg_max(Revision, *) by RowId | where Metric == "cost_usd" | sum(Sum)</c> gives.</summary>
    private static double Bill(IEnumerable<MetricRow> rows) => rows
        .Where(r => r.Metric == CostMetricNames.CostUsd)
        .GroupBy(r => r.RowId)
        .Select(g => g.OrderBy(r => r.Revision).ThenBy(r => r.Kind).Last().Sum)
        .Sum();

    [Fact]
    public void Derive_ThrottledCallsCarryPromptTokens_OnlySuccessfulCallsBilled()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, Usage(T0, App, 10_000, 2_000, 30, failedPrompt: 4_000));
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal(Usd(10_000, 2_000), cost.Sum, 12);
        Assert.Equal(Usd(10_000, 2_000), d.FinalUsd, 12);
        Assert.Equal(12_000, output.Single(r => r.Metric == CostMetricNames.CostPer1KTokens).Count);
    }

    [Fact]
    public void Derive_EveryCallThrottled_CostZeroNotPromptTimesPrice()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, Usage(T0, App, 0, 0, 5, failedPrompt: 4_000)
            .Where(r => r.Metric is not (CostMetricNames.TokensPromptBilled or CostMetricNames.TokensCompletionBilled)));
        Assert.Equal(0, Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd).Sum);
        Assert.Equal(0, d.FinalUsd);
    }

    [Fact]
    public void Derive_AppInsightsAndLogSeeTheSameCalls_AppInsightsBillsLogIsShadow()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, Usage(T0, App, 1000, 100, 4).Concat(Usage(T0, Log, 1000, 100, 4)));
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((TelemetrySource.AppInsights, Usd(1000, 100)), (cost.Dims.Source, cost.Sum));
        var shadow = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsdShadow);
        Assert.Equal((TelemetrySource.Log, Usd(1000, 100), "gpt-4o"), (shadow.Dims.Source, shadow.Sum, shadow.Dims.ModelName));
        Assert.Single(output, r => r.Metric == CostMetricNames.CostPer1KTokens);
        Assert.Equal(Usd(1000, 100), d.FinalUsd, 12);
    }

    [Fact]
    public void Derive_AzureOpenAILogsWithTokens_RankAboveAppInsights()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, Usage(T0, Aoai, 900, 90, 4).Concat(Usage(T0, App, 1000, 100, 4)).Concat(Usage(T0, Log, 1000, 100, 4)));
        Assert.Equal(TelemetrySource.AzureOpenAI, Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd).Dims.Source);
        Assert.Equal([TelemetrySource.AppInsights, TelemetrySource.Log],
            output.Where(r => r.Metric == CostMetricNames.CostUsdShadow).Select(r => r.Dims.Source).Order());
    }

    [Fact]
    public void Derive_AzureOpenAIRequestLogsWithoutTokens_DoNotDisplaceTheTokenSource()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, Usage(T0, App, 1000, 100, 4).Append(Row(T0, MetricNames.Requests, Aoai, 4, 4)));
        Assert.Equal(TelemetrySource.AppInsights, Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd).Dims.Source);
        Assert.DoesNotContain(output, r => r.Metric == CostMetricNames.CostUsdShadow);
    }

    [Fact]
    public void Derive_AllMetricsTokenTotals_BillOverEveryRequestSourceSummedOverApis()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, PlatformTokens(T0, Metrics, 50_000, 9_000, samples: 37).Concat(PlatformTokens(T0, MetricsEmbed, 7_000, 0, samples: 5))
            .Concat(Usage(T0, App, 49_000, 8_800, 40)).Concat(Usage(T0, Log, 49_000, 8_800, 40)));
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((TelemetrySource.AzureMetrics, Usd(57_000, 9_000), 42L), (cost.Dims.Source, cost.Sum, cost.Count));
        Assert.Equal(2, output.Count(r => r.Metric == CostMetricNames.CostUsdShadow));
        Assert.Equal(Usd(57_000, 9_000), d.FinalUsd, 12);
    }

    [Fact]
    public void Derive_AllMetricsWithoutDeploymentDimension_IgnoredForCost()
    {
        var d = new CostDeriver(new PricingOptions());
        var resourceLevel = Dims(TelemetrySource.AzureMetrics, "", "", "", "", Account);
        var output = Derive(d, PlatformTokens(T0, resourceLevel, 50_000, 9_000).Concat(Usage(T0, App, 1000, 100, 4)));
        var cost = Assert.Single(output, r => r.Metric == CostMetricNames.CostUsd);
        Assert.Equal((TelemetrySource.AppInsights, Usd(1000, 100)), (cost.Dims.Source, cost.Sum));
        Assert.DoesNotContain(output, r => r.Metric == CostMetricNames.UnpricedTokens);
    }

    [Fact]
    public void Derive_PrecedenceIsPerDeployment_EachDeploymentBilledByItsOwnBestSource()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, PlatformTokens(T0, Metrics, 5_000, 900).Concat(Usage(T0, App, 4_900, 880, 4)).Concat(Usage(T0, OtherApp, 10_000, 1_000, 9)));
        var bills = output.Where(r => r.Metric == CostMetricNames.CostUsd).Select(r => (r.Dims.Deployment, r.Dims.Source)).Order().ToList();
        Assert.Equal([("chat-prod", TelemetrySource.AzureMetrics), ("mini-prod", TelemetrySource.AppInsights)], bills);
        Assert.Equal(Usd(5_000, 900) + ((10_000 * 0.00015) + (1_000 * 0.0006)) / 1000, d.FinalUsd, 12);
    }

    [Fact]
    public void Derive_HigherPrecedenceSourceArrivesLate_DemotedCostUsdRetractedAndBillEqualsAllMetrics()
    {
        var d = new CostDeriver(new PricingOptions());
        var all = new List<MetricRow>();
        all.AddRange(Derive(d, Usage(T0, App, 1000, 100, 4, RowKind.OnTime)));
        Assert.Equal(Usd(1000, 100), Bill(all), 12);

        var late = Derive(d, PlatformTokens(T0, Metrics, 1200, 130, RowKind.OnTime));
        all.AddRange(late);
        var retraction = Assert.Single(late, r => r.Metric == CostMetricNames.CostUsd && r.Dims.Source == TelemetrySource.AppInsights);
        Assert.Equal((RowKind.Correction, 1, 0.0, 0L), (retraction.Kind, retraction.Revision, retraction.Sum, retraction.Count));
        Assert.Contains(late, r => r.Metric == CostMetricNames.CostPer1KTokens && r.Dims.Source == TelemetrySource.AppInsights && r.Sum == 0);
        var shadow = Assert.Single(late, r => r.Metric == CostMetricNames.CostUsdShadow);
        Assert.Equal((TelemetrySource.AppInsights, RowKind.Correction, 1), (shadow.Dims.Source, shadow.Kind, shadow.Revision));
        Assert.Equal(Usd(1200, 130), Bill(all), 12);

        var final = Derive(d, Usage(T0, App, 1000, 100, 4).Concat(PlatformTokens(T0, Metrics, 1200, 130)));
        all.AddRange(final);
        Assert.Equal(Usd(1200, 130), Bill(all), 12);
        Assert.Equal(Usd(1200, 130), Bill(final), 12); // --emit final: the final rows alone are the bill
        Assert.DoesNotContain(final, r => r.Metric == CostMetricNames.CostUsd && r.Dims.Source == TelemetrySource.AppInsights);
        Assert.Equal(Usd(1200, 130), d.FinalUsd, 12);
    }

    [Fact]
    public void Derive_UnchangedKeyInACorrectionTick_NotReEmitted()
    {
        var d = new CostDeriver(new PricingOptions());
        Derive(d, Usage(T0, App, 1000, 100, 4, RowKind.OnTime).Concat(Usage(T0, OtherApp, 10, 1, 1, RowKind.OnTime)));
        var corrected = Derive(d, Usage(T0, OtherApp, 20, 2, 2, RowKind.Correction, 1));
        Assert.All(corrected, r => Assert.Equal("mini-prod", r.Dims.Deployment));
        Assert.Equal(1, Assert.Single(corrected, r => r.Metric == CostMetricNames.CostUsd).Revision);
    }

    [Fact]
    public void Derive_SourcesInAnyArrivalOrder_SameBillingChoiceAndBitIdenticalRows()
    {
        var rows = PlatformTokens(T0, Metrics, 1_000.0 / 3, 77.7).Concat(Usage(T0, App, 1_000.0 / 7, 66.6, 3))
            .Concat(Usage(T0, Log, 1_000.0 / 9, 55.5, 3)).Concat(Usage(T0, OtherApp, 1_000.0 / 11, 44.4, 2)).ToList();
        var a = Derive(new CostDeriver(new PricingOptions()), rows);
        var rng = new Random(7);
        for (var i = 0; i < 5; i++)
        {
            var b = Derive(new CostDeriver(new PricingOptions()), rows.OrderBy(_ => rng.Next()));
            Assert.Equal(a.Select(r => (r.Metric, r.Dims.Source, r.Dims.Deployment, BitConverter.DoubleToInt64Bits(r.Sum))),
                b.Select(r => (r.Metric, r.Dims.Source, r.Dims.Deployment, BitConverter.DoubleToInt64Bits(r.Sum))));
        }
    }

    [Fact]
    public void Derive_SameCallsTwoSources_SumOfCostUsdIsOneBill()
    {
        var d = new CostDeriver(new PricingOptions());
        var output = Derive(d, Usage(T0, App, 1_000_000, 100_000, 4).Concat(Usage(T0, Log, 1_000_000, 100_000, 4)));
        Assert.Equal(2, output.Count(r => r.Metric is CostMetricNames.CostUsd or CostMetricNames.CostUsdShadow));
        var billed = output.Where(r => r.Metric == CostMetricNames.CostUsd).Sum(r => r.Sum);
        Assert.Equal(Usd(1_000_000, 100_000), billed, 12);
    }

    [Fact]
    public void SaveState_AfterDemotion_RestoredInstanceContinuesIdentically()
    {
        var original = new CostDeriver(new PricingOptions());
        Derive(original, Usage(T0, App, 1000, 100, 4, RowKind.OnTime));
        Derive(original, PlatformTokens(T0, Metrics, 1200, 130, RowKind.OnTime));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.SaveState(writer);
        }

        stream.Position = 0;
        var restored = new CostDeriver(new PricingOptions());
        using (var reader = new BinaryReader(stream))
        {
            restored.RestoreState(reader);
        }

        var next = Usage(T0, App, 1500, 100, 5, RowKind.Correction, 1).ToList();
        Assert.Equal(Derive(original, next), Derive(restored, next));
        var final = Usage(T0, App, 1500, 100, 5).Concat(PlatformTokens(T0, Metrics, 1200, 130)).ToList();
        Assert.Equal(Derive(original, final), Derive(restored, final));
    }

    [Fact]
    public void RestoreState_UndefinedRole_InvalidData()
    {
        var original = new CostDeriver(new PricingOptions());
        Derive(original, Usage(T0, App, 1000, 100, 4, RowKind.OnTime));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.SaveState(writer);
        }

        var bytes = stream.ToArray();
        var restoredOk = new CostDeriver(new PricingOptions());
        restoredOk.RestoreState(new BinaryReader(new MemoryStream(bytes)));

        // The role byte follows the revision of the only emitted key; find it by flipping bytes until one is rejected
        // with the role message (the layout is private), which proves the check exists and names the field.
        var rejected = false;
        for (var i = bytes.Length - 1; i >= 0 && !rejected; i--)
        {
            if (bytes[i] != (byte)CostRole.Billing)
            {
                continue;
            }

            var copy = (byte[])bytes.Clone();
            copy[i] = 9;
            try
            {
                new CostDeriver(new PricingOptions()).RestoreState(new BinaryReader(new MemoryStream(copy)));
            }
            catch (InvalidDataException ex) when (ex.Message.Contains("CostRole", StringComparison.Ordinal))
            {
                rejected = true;
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
            }
        }

        Assert.True(rejected);
    }
}
