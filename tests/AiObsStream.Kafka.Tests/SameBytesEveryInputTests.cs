using System.Text;
using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// One parser router for every input (<see cref="UnitRouter"/>): the same bytes read as a file, fetched by a scrape and
/// consumed as a Kafka message give the same events and the same dead letters (reason, message, record index,
/// excerpt). Only where the unit is differs, by transport: a file's line, the scrape's number, the message's offset.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SameBytesEveryInputTests : IDisposable
{
    private const long MessageTime = 1795345957000;

    /// <summary>An Event Hubs body: a good AOAI record and one of an unknown category (a record-level reject).</summary>
    private const string Body = """{"records":[{"category":"RequestResponse","correlationId":"c1","durationMs":102,"operationName":"ChatCompletions_Create","properties":{"modelDeploymentName":"chat","modelName":"gpt-4o","modelVersion":"2024-08-06"},"resourceId":"/R","resultSignature":"200","time":"2026-11-22T12:23:02.4350000Z"},{"category":"Shoebox","time":"2026-11-22T12:23:03Z"}]}""";

    /// <summary>A JSON log line (the structured log shape).</summary>
    private const string LogLine = """{"timestamp": "2026-11-22T11:12:38.2045420Z", "level": "INFO", "service": "inference-api", "model_version": "2024-08-06", "deployment": "chat-prod", "request_id": "A-000001", "status": 200, "tokens_used": 116, "prompt_tokens": 65, "completion_tokens": 51, "latency_ms": 512.27}""";

    /// <summary>An OpenMetrics exposition (timestamps in seconds) with one sample whose value is no reading.</summary>
    private const string Exposition = "# TYPE DCGM_FI_DEV_POWER_USAGE gauge\n"
        + "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-eq\",Hostname=\"node-eq\"} 612.5 1795345957.5\n"
        + "DCGM_FI_DEV_POWER_USAGE{gpu=\"1\",UUID=\"GPU-eq1\",Hostname=\"node-eq\"} +Inf 1795345957.5\n"
        + "DCGM_FI_DEV_POWER_USAGE{gpu=\"2\",UUID=\"GPU-eq2\",Hostname=\"node-eq\"} 613.5 1795345958\n"
        + "# EOF\n";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aiobs-samebytes-" + Guid.NewGuid().ToString("N"));

    public SameBytesEveryInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Body, "application/json", 1, 1)]
    [InlineData(LogLine, "application/json", 1, 0)]
    [InlineData(Exposition, "application/openmetrics-text; version=1.0.0; charset=utf-8", 2, 1)]
    public async Task SameBytes_FileScrapeAndKafka_SameEventsAndDeadLetters(string text, string contentType, int events, int rejects)
    {
        var file = await ReadFileAsync(text);
        var scrape = await ScrapeAsync(text, contentType);
        var kafka = await ConsumeAsync(text);

        Assert.Equal(events, file.Events.Count);
        Assert.Equal(rejects, file.Rejects.Count);
        Assert.Equal(file.Events, scrape.Events);
        Assert.Equal(file.Events, kafka.Events);
        Assert.Equal(file.Rejects, scrape.Rejects);
        Assert.Equal(file.Rejects, kafka.Rejects);
    }

    [Fact]
    public async Task UnknownBytes_FileAndKafka_SameUnknownShapeReject()
    {
        const string text = "<html><body>502 Bad Gateway</body></html>";
        var file = await ReadFileAsync(text);
        var kafka = await ConsumeAsync(text);

        Assert.Empty(file.Events);
        var reject = Assert.Single(file.Rejects);
        Assert.Equal(RejectReason.UnknownShape, reject.Reason);
        Assert.Equal(UnitRouter.UnknownFormat.Message, reject.Message);
        Assert.Equal(file.Rejects, kafka.Rejects);
    }

    private async Task<Outcome> ReadFileAsync(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(path, text);
        File.SetLastWriteTimeUtc(path, DateTimeOffset.FromUnixTimeMilliseconds(MessageTime).UtcDateTime);
        var channel = Channel.CreateUnbounded<InputBatch>();
        await new FileInput(path, new InputOptions()).RunAsync(channel.Writer, CancellationToken.None);
        return await CollectAsync(channel.Reader);
    }

    private static async Task<Outcome> ScrapeAsync(string text, string contentType)
    {
        using var server = new LoopbackHttpServer { Body = text, ContentType = contentType };
        using var http = new HttpClient();
        var input = new ScrapeInput(server.Url, TimeSpan.FromSeconds(30), new InputOptions(), http, maxScrapes: 1);
        var channel = Channel.CreateUnbounded<InputBatch>();
        await input.RunAsync(channel.Writer, CancellationToken.None);
        Assert.Equal(0, input.Failures);
        return await CollectAsync(channel.Reader);
    }

    private static async Task<Outcome> ConsumeAsync(string text)
    {
        var channel = Channel.CreateUnbounded<InputBatch>();
        using (var feed = new PartitionFeed(new TopicPartition("equivalence", 0), new InputOptions()) { Writer = channel.Writer })
        {
            var message = new Message<byte[]?, byte[]?>
            {
                Value = Encoding.UTF8.GetBytes(text),
                Timestamp = new Timestamp(MessageTime, TimestampType.CreateTime),
            };
            feed.Accept(message, 41, 0);
            feed.FlushPartial();
            feed.Drain();
        }

        channel.Writer.TryComplete();
        return await CollectAsync(channel.Reader);
    }

    /// <summary>Events and dead letters of an input, without what says where the unit was in its transport.</summary>
    private static async Task<Outcome> CollectAsync(ChannelReader<InputBatch> reader)
    {
        var events = new List<TelemetryEvent>();
        var rejects = new List<(RejectReason Reason, string Message, int RecordIndex, string Excerpt)>();
        await foreach (var batch in reader.ReadAllAsync())
        {
            foreach (var e in batch.Events.Span)
            {
                events.Add(e with { Origin = 0 });
            }

            rejects.AddRange(batch.Rejects.Select(r => (r.Reason, r.Message, r.RecordIndex, r.Excerpt)));
            batch.Events.Dispose();
        }

        return new Outcome(events, rejects);
    }

    private sealed record Outcome(List<TelemetryEvent> Events, List<(RejectReason Reason, string Message, int RecordIndex, string Excerpt)> Rejects);
}
