using System.Globalization;
using System.Text.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Issue #10 §5 through the whole engine: when Azure OpenAI token metrics with dimensions (AllMetrics
/// <c>ProcessedPromptTokens</c> / <c>GeneratedTokens</c>, <c>ModelDeploymentName</c>) and App Insights dependency records
/// describe the same calls, the metrics bill and App Insights is only a shadow, so <c>sum(cost_usd)</c> is the bill once;
/// a body without dimensions (the diagnostic-settings export flattens them) adds no cost.
/// </summary>
public class AllMetricsBillingEndToEndTests
{
    private const string Account = "/SUBSCRIPTIONS/3F2C6A7E-1B2D-4C5E-9F10-2A3B4C5D6E7F/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EUS2";
    private const string Component = "/SUBSCRIPTIONS/3F2C6A7E-1B2D-4C5E-9F10-2A3B4C5D6E7F/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/CHAT-API";

    // gpt-4o 2024-08-06 bundled list prices, USD per 1M tokens.
    private const double InputPer1M = 2.50;
    private const double OutputPer1M = 10.00;

    private static string TokenMetric(string name, int calls, long total, string minute, bool dims) =>
        "{" + string.Create(CultureInfo.InvariantCulture,
            $"\"count\":{calls},\"total\":{total},\"minimum\":1,\"maximum\":{total},\"average\":{(double)total / calls},")
        + $"\"resourceId\":\"{Account}\",\"time\":\"2026-11-22T10:{minute}:00.0000000Z\",\"metricName\":\"{name}\",\"timeGrain\":\"PT1M\""
        + (dims ? ",\"ApiName\":\"ChatCompletions_Create\",\"ModelDeploymentName\":\"chat-prod\",\"ModelVersion\":\"2024-08-06\",\"Region\":\"eastus2\",\"FeatureName\":\"ChatCompletion\",\"UsageChannel\":\"None\"" : string.Empty)
        + "}";

    private static string Dependency(int i, string minute, int prompt, int completion) =>
        "{" + $"\"time\":\"2026-11-22T10:{minute}:{10 + i:00}.0000000Z\",\"resourceId\":\"{Component}\",\"Type\":\"AppDependencies\","
        + $"\"AppRoleName\":\"chat-api\",\"OperationId\":\"op{minute}{i:00}\",\"Id\":\"d{minute}{i:00}\",\"Name\":\"llm-inference\","
        + "\"Target\":\"aoai-prod-eus2.openai.azure.com\",\"DependencyType\":\"HTTP\",\"Success\":true,\"ResultCode\":\"200\",\"DurationMs\":412.5,\"ItemCount\":1,"
        + "\"Properties\":{\"model_version\":\"2024-08-06\",\"deployment\":\"chat-prod\",\"gen_ai.request.model\":\"gpt-4o\","
        + $"\"tokens.prompt\":\"{prompt}\",\"tokens.completion\":\"{completion}\",\"request_id\":\"r{minute}{i:00}\"" + "}}";

    [Fact]
    public async Task AllMetricsWithDimensions_BillsOnce_AppInsightsIsShadow_FlattenedExportAddsNothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-bill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);

        // Three minutes, four calls each; the metrics and the dependencies describe the same calls.
        var metricBodies = new List<string>();
        var dependencyBodies = new List<string>();
        long prompts = 0, completions = 0;
        foreach (var minute in new[] { "41", "42", "43" })
        {
            var calls = Enumerable.Range(0, 4).Select(i => (i, Prompt: 200 + (37 * i), Completion: 40 + (11 * i))).ToList();
            var p = calls.Sum(c => (long)c.Prompt);
            var c = calls.Sum(c => (long)c.Completion);
            prompts += p;
            completions += c;
            metricBodies.Add("{\"records\":[" + TokenMetric("ProcessedPromptTokens", 4, p, minute, dims: true) + ","
                + TokenMetric("GeneratedTokens", 4, c, minute, dims: true) + "]}");

            // The diagnostic-settings export of the same account: dimensions flattened away (formats.md §1.3).
            metricBodies.Add("{\"records\":[" + TokenMetric("ProcessedPromptTokens", 4, p, minute, dims: false) + ","
                + TokenMetric("GeneratedTokens", 4, c, minute, dims: false) + "]}");
            dependencyBodies.Add("{\"records\":[" + string.Join(',', calls.Select(x => Dependency(x.i, minute, x.Prompt, x.Completion))) + "]}");
        }

        var metricsFile = Path.Combine(dir, "allmetrics.jsonl");
        var dependenciesFile = Path.Combine(dir, "appinsights.jsonl");
        await File.WriteAllLinesAsync(metricsFile, metricBodies);
        await File.WriteAllLinesAsync(dependenciesFile, dependencyBodies);
        var outDir = Path.Combine(dir, "out");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync([metricsFile, dependenciesFile], sink, CancellationToken.None);
        }

        var rows = File.ReadLines(Path.Combine(outDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var bill = (prompts * InputPer1M / 1e6) + (completions * OutputPer1M / 1e6);
        var billed = rows.Where(r => r.GetProperty("Metric").GetString() == "cost_usd").ToList();
        var shadow = rows.Where(r => r.GetProperty("Metric").GetString() == "cost_usd_shadow").ToList();

        Assert.NotEmpty(billed);
        Assert.All(billed, r => Assert.Equal("AzureMetrics", r.GetProperty("Source").GetString()));
        Assert.All(billed, r => Assert.Equal("chat-prod", r.GetProperty("Deployment").GetString()));
        Assert.Equal(bill, billed.Sum(r => r.GetProperty("Sum").GetDouble()), 9);
        Assert.NotEmpty(shadow);
        Assert.All(shadow, r => Assert.Equal("AppInsights", r.GetProperty("Source").GetString()));
        Assert.Equal(bill, shadow.Sum(r => r.GetProperty("Sum").GetDouble()), 9);
        Assert.Empty(File.Exists(Path.Combine(outDir, "deadletter.jsonl")) ? File.ReadAllLines(Path.Combine(outDir, "deadletter.jsonl")) : []);
    }
}
