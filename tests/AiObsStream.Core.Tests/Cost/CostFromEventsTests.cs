using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>
/// Events → windowed rows → cost, at the core level: AllMetrics token points (MetricPoint events as the AllMetrics
/// parser emits them: Metric = the Azure metric name, Value = total over the grain, Deployment from
/// ModelDeploymentName) bill over App Insights request events for the same calls, and failed calls are not billed.
/// </summary>
public class CostFromEventsTests
{
    private const long T0 = 1_795_345_920_000; // 2026-11-22T11:12:00Z, a minute boundary
    private const string Account = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A";
    private static readonly DimsPool Pool = new();
    private static readonly SeriesDims Platform = Pool.Intern(new DimsKey(TelemetrySource.AzureMetrics, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", Account, "", ""));
    private static readonly SeriesDims App = Pool.Intern(new DimsKey(TelemetrySource.AppInsights, "chat-prod", "gpt-4o", "2024-08-06", "llm-inference", "", "", ""));

    private static TelemetryEvent Point(long t, string metric, double total, double count)
    {
        var e = TelemetryEvent.NewSample(EventKind.MetricPoint, t, Platform, metric, total);
        e.Count = count;
        e.Min = double.NaN;
        e.Max = double.NaN;
        return e;
    }

    private static TelemetryEvent Call(long t, int status, double prompt, double completion)
    {
        var e = TelemetryEvent.NewRequest(t, App);
        e.Status = status;
        e.Success = status is >= 200 and < 300;
        e.LatencyMs = 300;
        e.PromptTokens = prompt;
        e.CompletionTokens = completion;
        return e;
    }

    private static (List<MetricRow> Cost, double FinalUsd) Run(IEnumerable<TelemetryEvent> events)
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process(events.ToArray());
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        var deriver = new CostDeriver(new PricingOptions());
        var output = new List<MetricRow>();
        deriver.Derive(rows.Where(r => r.Kind == RowKind.Final).ToList(), output);
        return (output, deriver.FinalUsd);
    }

    [Fact]
    public void AllMetricsPointsAndAppInsightsCalls_AllMetricsBillsAppInsightsIsShadow()
    {
        var (cost, finalUsd) = Run([
            Point(T0, CostMetricNames.ProcessedPromptTokens, 2_000, 3), Point(T0, CostMetricNames.GeneratedTokens, 300, 3),
            Call(T0 + 1_000, 200, 1_000, 150), Call(T0 + 2_000, 200, 1_000, 150), Call(T0 + 3_000, 429, 900, 0)]);
        var bill = Assert.Single(cost, r => r.Metric == CostMetricNames.CostUsd);
        var usd = (2_000 * 2.50 + 300 * 10.00) / 1_000_000;
        Assert.Equal((TelemetrySource.AzureMetrics, usd, 3L), (bill.Dims.Source, bill.Sum, bill.Count));
        var shadow = Assert.Single(cost, r => r.Metric == CostMetricNames.CostUsdShadow);
        Assert.Equal((TelemetrySource.AppInsights, usd), (shadow.Dims.Source, shadow.Sum)); // the 429's 900 prompt tokens are not billed
        Assert.Equal(usd, finalUsd, 12);
    }

    [Fact]
    public void WindowWithoutAllMetricsPoints_AppInsightsBillsThatWindow()
    {
        var (cost, finalUsd) = Run([
            Point(T0, CostMetricNames.ProcessedPromptTokens, 1_000, 1), Point(T0, CostMetricNames.GeneratedTokens, 100, 1),
            Call(T0 + 1_000, 200, 1_000, 100), Call(T0 + 61_000, 200, 4_000, 400)]);
        var bills = cost.Where(r => r.Metric == CostMetricNames.CostUsd).OrderBy(r => r.WindowStartMs).Select(r => (r.WindowStartMs, r.Dims.Source)).ToList();
        Assert.Equal([(T0, TelemetrySource.AzureMetrics), (T0 + 60_000, TelemetrySource.AppInsights)], bills);
        Assert.Equal((5_000 * 2.50 + 500 * 10.00) / 1_000_000, finalUsd, 12);
    }
}
