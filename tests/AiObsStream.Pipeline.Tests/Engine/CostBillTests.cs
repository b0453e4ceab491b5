using System.IO.Compression;
using System.Text.Json;
using AiObsStream.Core.Cost;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// The bundled trace's calls are seen by App Insights and by the structured log (and, without tokens, by the Azure
/// OpenAI request logs): whatever subset of the inputs is replayed, <c>sum(cost_usd)</c> over the token sources equals
/// the successful calls' tokens × price, computed here from the raw log independently of the engine.
/// </summary>
[Trait("Category", "Integration")]
public class CostBillTests
{
    private static readonly string[] Inputs = ["aoai-diagnostics.jsonl", "appinsights-dependencies.jsonl", "requests.jsonl", "dcgm.prom"];

    public static TheoryData<string[]> Subsets()
    {
        var data = new TheoryData<string[]>();
        foreach (var one in Inputs)
        {
            data.Add([one]);
        }

        for (var i = 0; i < Inputs.Length; i++)
        {
            for (var j = i + 1; j < Inputs.Length; j++)
            {
                data.Add([Inputs[i], Inputs[j]]);
            }
        }

        data.Add(Inputs);
        return data;
    }

    /// <summary>Σ billed tokens × price from the raw structured log: status 2xx calls only ($2.50 / $10.00 per 1M, both versions).</summary>
    internal static double ExpectedTokenBill()
    {
        double prompt = 0, completion = 0;
        using var gz = new GZipStream(File.OpenRead(TestData.Path("h100-trace-a", "requests.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (r.GetProperty("status").GetInt32() is >= 200 and < 300)
            {
                prompt += r.GetProperty("prompt_tokens").GetDouble();
                completion += r.GetProperty("completion_tokens").GetDouble();
            }
        }

        return (prompt * 2.50 + completion * 10.00) / 1_000_000;
    }

    private static async Task<string> RunAsync(string[] inputs, int partitions)
    {
        var outDir = Path.Combine(Path.GetTempPath(), "aiobs-bill-" + Guid.NewGuid().ToString("N"));
        var pricing = new PricingOptions
        {
            // The structured log carries no model name: say what the deployment runs, as a user of that log alone must.
            Deployments = new Dictionary<string, DeploymentPricing> { ["chat-prod"] = new() { ModelName = "gpt-4o" } },
        };
        var engine = new StreamEngine(new EngineOptions { Partitions = partitions, Pricing = pricing });
        var folder = TraceFiles.Folder("h100-trace-a");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await engine.RunAsync(inputs.Select(f => Path.Combine(folder, f)).ToArray(), sink, CancellationToken.None);
        }

        var text = await File.ReadAllTextAsync(Path.Combine(outDir, "metrics.jsonl"));
        Directory.Delete(outDir, recursive: true);
        return text;
    }

    [Fact]
    public async Task Replay_AllInputs_ByteIdenticalAcrossPartitionCounts()
    {
        var one = await RunAsync(Inputs, 1);
        var four = await RunAsync(Inputs, 4);
        Assert.True(one == four, $"metrics.jsonl differs between 1 and 4 partitions ({one.Length} vs {four.Length} chars)");
        Assert.Contains($"\"Metric\":\"{CostMetricNames.CostUsdShadow}\"", one, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Subsets))]
    public async Task Replay_AnySubsetOfInputs_SumOfCostUsdIsTheBill(string[] inputs)
    {
        var rows = (await RunAsync(inputs, 2)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var tokenCost = rows.Where(r => r.GetProperty("Metric").GetString() == CostMetricNames.CostUsd && r.GetProperty("Source").GetString() != "DCGM")
            .Sum(r => r.GetProperty("Sum").GetDouble());
        var carriesTokens = inputs.Contains("appinsights-dependencies.jsonl") || inputs.Contains("requests.jsonl");
        var expected = carriesTokens ? ExpectedTokenBill() : 0;
        Assert.Equal(expected, tokenCost, expected * 0.001);
        Assert.DoesNotContain(rows, r => r.GetProperty("Metric").GetString() == CostMetricNames.UnpricedTokens);

        // Both token sources given: the one ranked lower is a shadow of the same bill, never summed into it.
        var shadow = rows.Where(r => r.GetProperty("Metric").GetString() == CostMetricNames.CostUsdShadow).ToList();
        var both = inputs.Contains("appinsights-dependencies.jsonl") && inputs.Contains("requests.jsonl");
        Assert.Equal(both, shadow.Count > 0);
        Assert.All(shadow, r => Assert.Equal("Log", r.GetProperty("Source").GetString()));
    }
}
