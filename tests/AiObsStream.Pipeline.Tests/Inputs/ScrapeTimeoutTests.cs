using System.Net;
using System.Text;
using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Pipeline.Tests.Inputs;

/// <summary>
/// The scrape timeout and the live-arrival check on fake time: whether a scrape is abandoned, and whether its records
/// are counted, depends on the input's clock only, never on how fast the machine runs the test.
/// </summary>
public class ScrapeTimeoutTests
{
    private const string ThreeGpus = """
        # TYPE DCGM_FI_DEV_GPU_UTIL gauge
        DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a0",Hostname="node-2"} 10
        DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-a1",Hostname="node-2"} 20
        DCGM_FI_DEV_GPU_UTIL{gpu="2",UUID="GPU-a2",Hostname="node-2"} 30

        """;

    private static readonly Uri Target = new("http://scrape.test/metrics");

    [Fact]
    public async Task Scrape_InputClockPassesTheInterval_TimesOutOnThatClock()
    {
        // The answer is held until after the input's clock passed one interval (an hour: the machine's clock never
        // gets there): the scrape is abandoned, counted as a failure and yields nothing.
        var (input, events) = await ScrapeAnsweredAfterAsync(TimeSpan.FromHours(1));

        Assert.Equal(1, input.Failures);
        Assert.Contains("timed out after 01:00:00", input.LastFailure, StringComparison.Ordinal);
        Assert.Equal(0, events);
    }

    [Fact]
    public async Task Scrape_AnswerWithinTheIntervalOnTheInputClock_KeepsItsRecords()
    {
        var (input, events) = await ScrapeAnsweredAfterAsync(TimeSpan.FromMinutes(59));

        Assert.Equal(0, input.Failures);
        Assert.Equal(3, events);
    }

    /// <summary>
    /// One scrape of <see cref="ThreeGpus"/> every hour on a fake clock, answered once the input's clock has moved by
    /// <paramref name="answerAfter"/>; returns the input and the count of events it yielded.
    /// </summary>
    private static async Task<(ScrapeInput Input, int Events)> ScrapeAnsweredAfterAsync(TimeSpan answerAfter)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var handler = new GatedHandler(ThreeGpus);
        using var http = new HttpClient(handler);
        var input = new ScrapeInput(Target, TimeSpan.FromHours(1), new InputOptions(), http, time, maxScrapes: 1);
        var channel = Channel.CreateUnbounded<InputBatch>();
        var run = input.RunAsync(channel.Writer, CancellationToken.None);
        await handler.Arrived;
        time.Advance(answerAfter);
        handler.Answer();
        await run;
        return (input, await CountEventsAsync(channel.Reader));
    }

    [Fact]
    public async Task Engine_ScrapeArrivingLongAfterItsScrapeTime_AllCounted()
    {
        // The process stalls between the scrape and the sequencer's arrival check (the engine's clock is 10 minutes
        // past the scrape time, twice eventTime.maxAhead): records behind their arrival time are valid and all counted.
        var scrapeTime = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var engineTime = new FakeTimeProvider(scrapeTime.GetUtcNow().AddMinutes(10));
        using var handler = new GatedHandler(ThreeGpus);
        handler.Answer();
        using var http = new HttpClient(handler);
        var sink = new CountingSink();
        var input = new ScrapeInput(Target, TimeSpan.FromMilliseconds(500), new InputOptions(), http, scrapeTime, maxScrapes: 1);
        var summary = await new StreamEngine(new EngineOptions { Partitions = 1, Clock = engineTime }).RunAsync([input], sink, CancellationToken.None);

        Assert.Equal(0, input.Failures);
        Assert.Equal(3, summary.Events);
        Assert.Equal(0, sink.DeadLetters);
        var final = sink.Rows.Where(r => r.Metric == MetricNames.GpuUtil).GroupBy(r => r.Dims.Gpu).Select(g => g.Max(r => r.Count));
        Assert.Equal(3, final.Sum());
    }

    private static async Task<int> CountEventsAsync(ChannelReader<InputBatch> reader)
    {
        var count = 0;
        await foreach (var batch in reader.ReadAllAsync())
        {
            count += batch.Events.Span.Length;
        }

        return count;
    }

    /// <summary>Answers every request with the exposition, but only once the test says so.</summary>
    private sealed class GatedHandler(string body) : HttpMessageHandler
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => _arrived.Task;

        public void Answer() => _answer.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _arrived.TrySetResult();
            await _answer.Task.WaitAsync(cancellationToken);
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new("text/plain");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }

    private sealed class CountingSink : IOutputSink
    {
        public List<MetricRow> Rows { get; } = [];

        public int DeadLetters { get; private set; }

        public void WriteRows(IReadOnlyList<MetricRow> rows) => Rows.AddRange(rows);

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => DeadLetters += items.Count;

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
