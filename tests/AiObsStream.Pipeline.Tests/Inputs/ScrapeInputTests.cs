using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Pipeline.Tests.Inputs;

[Trait("Category", "Integration")]
public class ScrapeInputTests
{
    private const string Exposition = """
        # HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
        # TYPE DCGM_FI_DEV_GPU_UTIL gauge
        DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-abc",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-7",container="vllm",namespace="inference",pod="vllm-gpt-5c8d9f7b6-x2x7q"} 87
        # TYPE DCGM_FI_DEV_FB_USED gauge
        DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-abc",Hostname="node-7",pod="vllm-gpt-5c8d9f7b6-x2x7q"} 78000
        # TYPE DCGM_FI_DEV_FB_FREE gauge
        DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-abc",Hostname="node-7",pod="vllm-gpt-5c8d9f7b6-x2x7q"} 2000

        """;

    [Fact]
    public async Task Scrape_LiveEndpoint_ProducesGpuSamplesWithScrapeTime()
    {
        using var server = new LoopbackHttpServer { Body = Exposition };
        using var http = new HttpClient();
        var input = new ScrapeInput(server.Url, TimeSpan.FromSeconds(1), new InputOptions(), http, maxScrapes: 3);
        var channel = Channel.CreateUnbounded<InputBatch>();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await input.RunAsync(channel.Writer, CancellationToken.None);
        var (events, _) = await InputBatches.DrainAsync(channel.Reader);

        Assert.Equal(3, server.Requests);
        Assert.Equal(9, events.Count);
        Assert.All(events, e => Assert.InRange(e.TimeUnixMs, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000));
        Assert.All(events, e => Assert.Equal(("node-7", "GPU-abc", "vllm-gpt"), (e.Dims.Host, e.Dims.Gpu, e.Dims.Deployment)));
        Assert.Equal(0, input.Failures);
    }

    [Fact]
    public async Task Scrape_EndpointFailing_CountsFailuresAndKeepsRunning()
    {
        using var server = new LoopbackHttpServer { Status = 503, Body = "down" };
        using var http = new HttpClient();
        var input = new ScrapeInput(server.Url, TimeSpan.FromSeconds(1), new InputOptions(), http, maxScrapes: 3);
        var channel = Channel.CreateUnbounded<InputBatch>();
        await input.RunAsync(channel.Writer, CancellationToken.None);
        Assert.Equal(3, input.Failures);
        Assert.Contains("HTTP 503", input.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_ScrapeThroughWholePipeline_WritesGpuRowsAndMemoryAlert()
    {
        using var server = new LoopbackHttpServer { Body = Exposition };
        using var http = new HttpClient();
        var engine = new StreamEngine(new EngineOptions { Partitions = 2 });
        var sink = new RecordingSink();
        var input = new ScrapeInput(server.Url, TimeSpan.FromMilliseconds(500), new InputOptions(), http, maxScrapes: 4);
        var summary = await engine.RunAsync([input], sink, CancellationToken.None);
        Assert.Equal(12, summary.Events);
        Assert.Contains(sink.Rows, r => r.Metric == MetricNames.GpuUtil && r.Max == 87 && r.Dims.Host == "node-7");
        Assert.Contains(sink.Alerts, a => a.Rule == "gpu-memory" && a.Severity == Severity.Critical && a.Deployment == "vllm-gpt");
    }

    [Fact]
    public async Task Engine_LiveScrapeWithThreeRecords_AllCounted()
    {
        // Fewer records than eventTime.confirmAhead: a live input's first records are not held for a first reference
        // (the arrival-time bound caps them), so all three are counted. The scrape and the engine share one fake clock
        // that never moves: on the machine's clock a loaded machine (load 20-40 on 2 cores) took longer than the 500 ms
        // interval to answer the scrape, which timed out and brought no records at all (the sum was 0).
        const string threeGpus = """
            # TYPE DCGM_FI_DEV_GPU_UTIL gauge
            DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a0",Hostname="node-2"} 10
            DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-a1",Hostname="node-2"} 20
            DCGM_FI_DEV_GPU_UTIL{gpu="2",UUID="GPU-a2",Hostname="node-2"} 30

            """;
        using var server = new LoopbackHttpServer { Body = threeGpus };
        using var http = new HttpClient();
        var sink = new RecordingSink();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var input = new ScrapeInput(server.Url, TimeSpan.FromMilliseconds(500), new InputOptions(), http, time, maxScrapes: 1);
        await new StreamEngine(new EngineOptions { Partitions = 1, Clock = time }).RunAsync([input], sink, CancellationToken.None);
        Assert.Equal(0, input.Failures);
        var final = sink.Rows.Where(r => r.Metric == MetricNames.GpuUtil).GroupBy(r => r.Dims.Gpu).Select(g => g.Max(r => r.Count));
        Assert.Equal(3, final.Sum());
    }

    private sealed class RecordingSink : IOutputSink
    {
        public List<MetricRow> Rows { get; } = [];

        public List<AlertEvent> Alerts { get; } = [];

        public void WriteRows(IReadOnlyList<MetricRow> rows) => Rows.AddRange(rows);

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts) => Alerts.AddRange(alerts);

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
