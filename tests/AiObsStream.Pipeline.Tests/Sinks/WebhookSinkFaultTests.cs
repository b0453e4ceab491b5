using System.Text.Json;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks.Webhooks;
using AiObsStream.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Pipeline.Tests.Sinks;

/// <summary>The webhook sender survives its own faults, counts them, reports them, and shuts down without polling.</summary>
[Trait("Category", "Integration")]
public sealed class WebhookSinkFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-webhook-fault-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Notification Note(string id)
    {
        var alert = new AlertEvent
        {
            AlertId = id, Rule = "gpu-memory", Severity = Severity.Critical, Status = AlertStatus.Firing, TimeGeneratedMs = 120_000,
            StartsAtMs = 60_000, Value = 96, Threshold = 95, Metric = "fb_used_pct", Statistic = Statistic.Max,
            Source = "DCGM", Deployment = "chat-prod", ModelName = "", ModelVersion = "", Operation = "", Host = "h", Gpu = "g", Summary = "s",
        };
        var notified = new NotifiedAlert
        {
            IncidentId = id, Rule = alert.Rule, Status = AlertStatus.Firing, Severity = Severity.Critical, StartsAtMs = 60_000, Latest = alert,
        };
        return new Notification { GroupKey = "g", Status = AlertStatus.Firing, Reason = NotificationReason.Initial, TimeMs = 150_000, Alerts = [notified] };
    }

    [Fact]
    public async Task DeadLetterFileUnwritable_SenderSurvives_CountsTheFault_AndReportsUnhealthy()
    {
        using var server = new LoopbackHttpServer { StatusFor = n => n == 1 ? 400 : 200 };
        var options = new WebhookOptions { Urls = [server.Url], DeadLetterPath = _dir }; // a folder: every append fails
        await using var sink = new WebhookSink(options);

        sink.WriteNotifications([Note("aaaa")]); // 400: dead-lettered, but the file cannot be written
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal((0L, 1L, 1L, 0L), (sink.Delivered, sink.Faults, sink.Lost, sink.DeadLettered));
        var health = sink.Health;
        Assert.False(health.Healthy);
        Assert.Contains("dead-letter file", health.Problem, StringComparison.Ordinal);
        Assert.Equal(1, health.Faults);

        sink.WriteNotifications([Note("bbbb")]); // the sender is still running: this one is delivered
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(1L, sink.Delivered);
        Assert.Equal(0L, sink.Health.QueueDepth);
    }

    [Fact]
    public async Task DeadLetterFileWritableAgain_SinkRecovers()
    {
        var path = Path.Combine(_dir, "sub", "dead.jsonl"); // its folder does not exist yet
        using var server = new LoopbackHttpServer { Status = 400 };
        await using var sink = new WebhookSink(new WebhookOptions { Urls = [server.Url], DeadLetterPath = path });
        sink.WriteNotifications([Note("aaaa")]);
        await sink.FlushAsync(CancellationToken.None);
        Assert.False(sink.Health.Healthy);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        sink.WriteNotifications([Note("bbbb")]);
        await sink.FlushAsync(CancellationToken.None);
        Assert.True(sink.Health.Healthy);
        Assert.Equal((1L, 1L), (sink.DeadLettered, sink.Lost));
        Assert.NotNull(sink.Health.LastError); // recovered, but the last error stays visible
    }

    [Fact]
    public async Task Flush_ReturnsOnceDrained_WithoutWaitingOnTheClock()
    {
        var time = new FakeTimeProvider(); // never advanced: a flush that polled or slept on this clock would not return
        using var server = new LoopbackHttpServer();
        await using var sink = new WebhookSink(new WebhookOptions { Urls = [server.Url], DeadLetterPath = Path.Combine(_dir, "d.jsonl"), Time = time });
        sink.WriteNotifications([Note("aaaa"), Note("bbbb")]);
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(2L, sink.Delivered);
    }

    [Fact]
    public async Task Dispose_ReceiverHangs_CancelsAfterTheDrainTimeout_AndDeadLettersWhatIsLeft()
    {
        var time = new FakeTimeProvider();
        using var handler = new HangingHandler();
        var path = Path.Combine(_dir, "d.jsonl");
        var sink = new WebhookSink(new WebhookOptions
        {
            Urls = [new Uri("http://127.0.0.1:9/hook")], DeadLetterPath = path, Time = time, DrainTimeout = TimeSpan.FromSeconds(30),
        }, handler);
        sink.WriteNotifications([Note("aaaa"), Note("bbbb")]);
        await handler.Called.Task; // the first request is in flight, the second queued

        var disposing = sink.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30)); // the drain timeout passes on the fake clock: no wall-clock wait
        await disposing;

        Assert.Equal((0L, 2L, 0L), (sink.Delivered, sink.DeadLettered, sink.Faults));
        var errors = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Error").GetString()).ToList();
        Assert.All(errors, e => Assert.Equal("shutdown before delivery", e));
    }

    [Fact]
    public async Task Counters_ConsistentUnderConcurrentWriters()
    {
        using var server = new LoopbackHttpServer();
        await using var sink = new WebhookSink(new WebhookOptions
        {
            Urls = [server.Url, server.Url], DeadLetterPath = Path.Combine(_dir, "d.jsonl"), QueueCapacity = 100_000,
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                sink.WriteNotifications([Note($"{t:x4}{i:x4}")]);
            }
        })));
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(200L, sink.Delivered + sink.DeadLettered);
        Assert.Equal(0L, sink.Pending);
    }

    /// <summary>Answers no request until it is cancelled.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Called.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        }
    }
}
