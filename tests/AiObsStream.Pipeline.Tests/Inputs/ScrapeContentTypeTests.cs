using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Inputs;

/// <summary>`--scrape` honours the response's Content-Type (OpenMetrics 1.0 "Protocol Negotiation" and "Overall Structure").</summary>
[Trait("Category", "Integration")]
public class ScrapeContentTypeTests
{
    private const string OpenMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string Sample = "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-om\",Hostname=\"node-om\"}";

    [Fact]
    public async Task Scrape_OpenMetricsContentType_TimestampsReadAsSeconds()
    {
        var (events, rejects) = await ScrapeAsync(OpenMetricsType,
            "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n" + Sample + " 61 1795345957.25\n# EOF\n");
        Assert.Empty(rejects);
        Assert.Equal(1795345957250L, Assert.Single(events).TimeUnixMs);
    }

    [Theory]
    [InlineData(Sample + " 61\n", "does not end with '# EOF'")] // truncated
    [InlineData(Sample + " 61\n# EOF\n" + Sample + " 62\n", "content after '# EOF'")]
    [InlineData(Sample + " 61\n# EOFblah\n", "allows no comments")] // '# EOFblah' is not '# EOF'
    [InlineData("# a comment\n" + Sample + " 61\n# EOF\n", "allows no comments")]
    public async Task Scrape_OpenMetricsContentType_InvalidBodyRejectedWhole(string body, string rule)
    {
        var (events, rejects) = await ScrapeAsync(OpenMetricsType, body);
        Assert.Empty(events);
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.Malformed, reject.Reason);
        Assert.Contains(rule, reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_TextPlainContentType_CommentsAllowedAndTimestampsInMilliseconds()
    {
        var (events, rejects) = await ScrapeAsync("text/plain; version=0.0.4; charset=utf-8",
            "# scraped through a proxy\n" + Sample + " 61 1795345957250\n");
        Assert.Empty(rejects);
        Assert.Equal(1795345957250L, Assert.Single(events).TimeUnixMs);
    }

    [Fact]
    public async Task Scrape_NoContentType_BodySniffed()
    {
        var (events, rejects) = await ScrapeAsync(null, "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n" + Sample + " 61 1795345957.5\n# EOF\n");
        Assert.Empty(rejects);
        Assert.Equal(1795345957500L, Assert.Single(events).TimeUnixMs);
    }

    private static async Task<(List<TelemetryEvent> Events, List<DeadLetter> Rejects)> ScrapeAsync(string? contentType, string body)
    {
        using var server = new LoopbackHttpServer { Body = body, ContentType = contentType };
        using var http = new HttpClient();
        var input = new ScrapeInput(server.Url, TimeSpan.FromSeconds(30), new InputOptions(), http, maxScrapes: 1); // one scrape: the interval is only its timeout (generous on a loaded CI machine)
        var channel = Channel.CreateUnbounded<InputBatch>();
        await input.RunAsync(channel.Writer, CancellationToken.None);
        var (events, rejects) = await InputBatches.DrainAsync(channel.Reader);

        Assert.Equal(0, input.Failures);
        return (events, rejects);
    }
}
