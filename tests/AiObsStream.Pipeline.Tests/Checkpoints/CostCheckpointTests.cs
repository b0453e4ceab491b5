using System.Text.Json;
using AiObsStream.Core.Cost;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

/// <summary>
/// Billing-source state (what each cost key last emitted, in which role) survives a stop and restore: with two token
/// sources for the same calls and every revision written, the resumed run's rows equal an uninterrupted run's.
/// </summary>
public sealed class CostCheckpointTests : IDisposable
{
    /// <summary>The topic whose batches the stop counts: the request log, which carries the second token source.</summary>
    private const string Log = "log";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-costckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40)]
    public async Task StopThenRestore_TwoTokenSourcesEmitUpdates_OutputsEqualAnUninterruptedRun(int stopAfterBatches)
    {
        var messages = new Dictionary<string, IReadOnlyList<byte[]>>(TraceMessages.Load("h100-trace-a"))
        {
            [Log] = TraceMessages.Lines(TestData.Path("h100-trace-a", "requests.jsonl.gz")),
        };
        var options = new EngineOptions
        {
            Partitions = 3,
            Input = new InputOptions { BatchUnits = 8 },
            MetricsEmit = MetricsEmitPolicy.Updates,
            Pricing = new PricingOptions { Deployments = new Dictionary<string, DeploymentPricing> { ["chat-prod"] = new() { ModelName = "gpt-4o" } } },
        };

        var straight = Path.Combine(_root, "straight");
        await CheckpointRuns.RunAsync(options, messages, straight, new EngineControl { StopWhenIdle = CheckpointRuns.StopWhenIdle }, null,
            resume: false, Log);

        var resumed = Path.Combine(_root, "resumed");
        await CheckpointRuns.StopThenResumeAsync(options, options, messages, resumed, Path.Combine(_root, "state"), stopAfterBatches, Log);

        var expected = await File.ReadAllTextAsync(Path.Combine(straight, "metrics.jsonl"));
        var actual = await File.ReadAllTextAsync(Path.Combine(resumed, "metrics.jsonl"));
        Assert.True(expected == actual, $"metrics.jsonl differs after stop+restore at batch {stopAfterBatches} ({expected.Length} vs {actual.Length} chars)");
        Assert.Contains($"\"Metric\":\"{CostMetricNames.CostUsdShadow}\"", actual, StringComparison.Ordinal);

        // --emit updates: the latest revision of each cost_usd RowId (the KQL arg_max(Revision, *) by RowId) is the bill.
        var bill = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("Metric").GetString() == CostMetricNames.CostUsd && r.GetProperty("Source").GetString() != "DCGM")
            .GroupBy(r => r.GetProperty("RowId").GetString())
            .Sum(g => g.MaxBy(r => r.GetProperty("Revision").GetInt32()).GetProperty("Sum").GetDouble());
        var expectedBill = Engine.CostBillTests.ExpectedTokenBill();
        Assert.Equal(expectedBill, bill, expectedBill * 0.001);
    }
}
