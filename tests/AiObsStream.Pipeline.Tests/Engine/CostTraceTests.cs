using System.Text.Json;
using AiObsStream.Core.Cost;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

[Trait("Category", "Integration")]
public class CostTraceTests
{
    private const double GpuRate = 12.29;

    [Fact]
    public async Task Replay_Clean_CostTotalsEqualTokensTimesPricePlusGpuTimeTimesRate()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "aiobs-cost-" + Guid.NewGuid().ToString("N"));
        var pricing = new PricingOptions
        {
            GpuPrices = [new GpuPrice { GpuModel = "NVIDIA H100 80GB HBM3", EffectiveFromMs = 0, UsdPerHour = GpuRate }],
            GpuModel = "NVIDIA H100 80GB HBM3",
            TagsByDeployment = new Dictionary<string, CostTag> { ["chat-prod"] = new("search", "copilot") },
        };
        var engine = new StreamEngine(new EngineOptions { Partitions = 2, Pricing = pricing });
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await engine.RunAsync(TraceFiles.CheckerInputs("h100-trace-a"), sink, CancellationToken.None);
        }

        var rows = File.ReadLines(Path.Combine(outDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        double Sum(string metric, string? source = null) => rows
            .Where(r => r.GetProperty("Metric").GetString() == metric && (source is null || r.GetProperty("Source").GetString() == source))
            .Sum(r => r.GetProperty("Sum").GetDouble());

        // Tokens come from App Insights dependencies (the RequestResponse logs have none); both versions cost $2.50 / $10.00 per 1M.
        // Only successful calls are billed: the 429s' prompt tokens are in tokens_prompt but not in the billed rows.
        var prompt = Sum(CostMetricNames.TokensPromptBilled, "AppInsights");
        var completion = Sum(CostMetricNames.TokensCompletionBilled, "AppInsights");
        Assert.True(Sum("tokens_prompt", "AppInsights") > prompt);
        var gpuSeconds = rows.Where(r => r.GetProperty("Metric").GetString() == "gpu_util" && r.GetProperty("Count").GetInt64() > 0) // one series per GPU here
            .Sum(r => (DateTimeOffset.Parse(r.GetProperty("WindowEnd").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse(r.GetProperty("WindowStart").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds);
        Assert.True(prompt > 100_000 && completion > 10_000 && gpuSeconds > 0, $"{prompt} {completion} {gpuSeconds}");
        var expectedTokens = (prompt * 2.50 + completion * 10.00) / 1_000_000;
        var expectedGpu = gpuSeconds * GpuRate / 3600;
        Assert.Equal(expectedTokens, Sum(CostMetricNames.CostUsd, "AppInsights"), expectedTokens * 0.001);
        Assert.Equal(expectedGpu, Sum(CostMetricNames.CostUsd, "DCGM"), expectedGpu * 0.001);
        Assert.Equal(expectedTokens + expectedGpu, Sum(CostMetricNames.CostUsd), (expectedTokens + expectedGpu) * 0.001);
        Assert.Equal(0, Sum(CostMetricNames.UnpricedTokens) + Sum(CostMetricNames.UnpricedGpuSeconds));

        var cost = rows.Where(r => r.GetProperty("Metric").GetString() == CostMetricNames.CostUsd && r.GetProperty("Source").GetString() == "AppInsights").ToList();
        Assert.All(cost, r => Assert.Equal(("search", "gpt-4o"), (r.GetProperty("Team").GetString(), r.GetProperty("ModelName").GetString())));
        Assert.Equal(["2024-08-06", "2024-11-20"], cost.Select(r => r.GetProperty("ModelVersion").GetString()).Distinct().Order());
    }
}
