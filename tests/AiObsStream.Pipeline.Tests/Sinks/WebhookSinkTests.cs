using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Sinks;

[Trait("Category", "Integration")]
public sealed class WebhookSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-webhook-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private WebhookOptions Options(params Uri[] urls) => new()
    {
        Urls = urls,
        DeadLetterPath = Path.Combine(_dir, "webhook-deadletter.jsonl"),
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        MaxAttempts = 3,
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    private static Notification Note(Severity severity = Severity.Critical, AlertStatus status = AlertStatus.Firing)
    {
        var alert = new AlertEvent
        {
            AlertId = "0123456789abcdef", Rule = "gpu-memory", Severity = severity, Status = status, TimeGeneratedMs = 120_000,
            StartsAtMs = 60_000, EndsAtMs = status == AlertStatus.Resolved ? 180_000 : null, Value = 96, Threshold = 95,
            Metric = "fb_used_pct", Statistic = Statistic.Max, Source = "DCGM", Deployment = "chat-prod", ModelName = "",
            ModelVersion = "2024-11-20", Operation = "", Host = "aks-gpu-0", Gpu = "GPU-1", Summary = "gpu-memory: fb_used_pct max 96% > 95%",
        };
        var notified = new NotifiedAlert
        {
            IncidentId = alert.AlertId, Rule = alert.Rule, Status = status, Severity = severity, StartsAtMs = alert.StartsAtMs,
            EndsAtMs = alert.EndsAtMs, Latest = alert,
        };
        return new Notification { GroupKey = "deployment=chat-prod,host=aks-gpu-0,family=gpu", Status = status, Reason = NotificationReason.Initial, TimeMs = 150_000, Alerts = [notified] };
    }

    [Fact]
    public async Task Notification_PostedInAzureMonitorCommonAlertSchema()
    {
        using var server = new LoopbackHttpServer();
        await using (var sink = new WebhookSink(Options(server.Url)))
        {
            sink.WriteNotifications([Note()]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(1, sink.Delivered);
        }

        var body = JsonDocument.Parse(Assert.Single(server.Received)).RootElement;
        Assert.Equal("azureMonitorCommonAlertSchema", body.GetProperty("schemaId").GetString());
        var essentials = body.GetProperty("data").GetProperty("essentials");
        Assert.Equal(("Fired", "Sev1", "gpu-memory", "/aiobs/alerts/0123456789abcdef"),
            (essentials.GetProperty("monitorCondition").GetString(), essentials.GetProperty("severity").GetString(),
             essentials.GetProperty("alertRule").GetString(), essentials.GetProperty("alertId").GetString()));
        Assert.Equal("1970-01-01T00:01:00.000Z", essentials.GetProperty("firedDateTime").GetString());
        var context = body.GetProperty("data").GetProperty("alertContext");
        Assert.Equal(("2024-11-20", 96.0), (context.GetProperty("modelVersion").GetString(), context.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task TransientFailures_RetriedUntilDelivered()
    {
        using var server = new LoopbackHttpServer { StatusFor = n => n <= 2 ? 503 : 200 };
        await using var sink = new WebhookSink(Options(server.Url));
        sink.WriteNotifications([Note(Severity.Warning, AlertStatus.Resolved)]);
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal((1L, 2L, 0L), (sink.Delivered, sink.Retries, sink.DeadLettered));
        Assert.Equal(3, server.Requests);
        var essentials = JsonDocument.Parse(server.Received.Last()).RootElement.GetProperty("data").GetProperty("essentials");
        Assert.Equal(("Resolved", "Sev2"), (essentials.GetProperty("monitorCondition").GetString(), essentials.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task PermanentRejectAndUnreachableReceiver_DeadLetteredWithReason()
    {
        using var server = new LoopbackHttpServer { Status = 400 };
        var closed = new Uri("http://127.0.0.1:1/hook");
        await using (var sink = new WebhookSink(Options(server.Url, closed)))
        {
            sink.WriteNotifications([Note()]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal((0L, 2L), (sink.Delivered, sink.DeadLettered));
        }

        var dead = File.ReadAllLines(Path.Combine(_dir, "webhook-deadletter.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(dead, d => d.GetProperty("Error").GetString()!.StartsWith("HTTP 400", StringComparison.Ordinal) && d.GetProperty("Attempts").GetInt32() == 1);
        Assert.Contains(dead, d => d.GetProperty("Url").GetString() == closed.ToString() && d.GetProperty("Attempts").GetInt32() == 3);
        Assert.All(dead, d => Assert.Contains("azureMonitorCommonAlertSchema", d.GetProperty("Payload").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Options_BadUrl_FailsNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WebhookSink(Options(new Uri("ftp://x/hook"))));
        Assert.Contains("--webhook ftp://x/hook", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_TraceNotificationsReachTheReceiver()
    {
        using var server = new LoopbackHttpServer();
        var webhook = new WebhookSink(Options(server.Url));
        var files = new JsonlDirectorySink(Path.Combine(_dir, "out"));
        RunSummary summary;
        await using (var sink = new CompositeOutputSink(files, webhook))
        {
            summary = await new StreamEngine(new EngineOptions()).RunAsync(TraceFiles.CheckerInputs("h100-trace-a"), sink, CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
        }

        // One payload per incident when the notification announces one, otherwise one per alert.
        var notifiedAlerts = File.ReadLines(Path.Combine(_dir, "out", "notifications.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Sum(n => n.TryGetProperty("Incident", out _) ? 1 : n.GetProperty("Alerts").GetArrayLength());
        Assert.True(summary.Notifications > 0);
        Assert.Equal(notifiedAlerts, webhook.Delivered); // every notified alert delivered once ...
        Assert.Equal(server.Requests, notifiedAlerts + webhook.Retries); // ... the extra requests are the counted retries
        Assert.Equal(0, webhook.DeadLettered);
    }

    private static Notification IncidentNote(IncidentStatus status)
    {
        var note = Note(Severity.Critical, status == IncidentStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing);
        var alerts = new[] { "a1", "a2", "a3" }.Select(id => note.Alerts[0] with { IncidentId = id }).ToList();
        return note with { Alerts = alerts, Incident = TestIncidents.Capacity(status), GroupKey = "incident" };
    }

    [Fact]
    public async Task IncidentNotification_PostedAsOneAlertForTheIncident()
    {
        using var server = new LoopbackHttpServer();
        await using (var sink = new WebhookSink(Options(server.Url)))
        {
            sink.WriteNotifications([IncidentNote(IncidentStatus.Open)]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(1, sink.Delivered);
        }

        var data = JsonDocument.Parse(Assert.Single(server.Received)).RootElement.GetProperty("data");
        var essentials = data.GetProperty("essentials");
        Assert.Equal(("/aiobs/incidents/0123456789abcdef", "0123456789abcdef", "incident:capacity", "Sev1", "Fired"),
            (essentials.GetProperty("alertId").GetString(), essentials.GetProperty("originAlertId").GetString(),
             essentials.GetProperty("alertRule").GetString(), essentials.GetProperty("severity").GetString(),
             essentials.GetProperty("monitorCondition").GetString()));
        Assert.Equal(["chat-prod", "chat-prod-b", "aks-gpu-0"], essentials.GetProperty("configurationItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2026-11-22T11:15:00.000Z", essentials.GetProperty("firedDateTime").GetString());
        Assert.False(essentials.TryGetProperty("resolvedDateTime", out _));
        var context = data.GetProperty("alertContext");
        Assert.Equal("capacity", context.GetProperty("cause").GetString());
        Assert.Equal(2, context.GetProperty("signals").GetArrayLength());
        Assert.Equal(2.61, context.GetProperty("evidence").GetProperty("load_ratio").GetDouble());
    }

    [Fact]
    public async Task IncidentResolved_PostedResolvedOncePerReceiver_DeadLetterNamesTheIncident()
    {
        using var server = new LoopbackHttpServer();
        using var rejecting = new LoopbackHttpServer { Status = 400 };
        await using (var sink = new WebhookSink(Options(server.Url, rejecting.Url)))
        {
            sink.WriteNotifications([IncidentNote(IncidentStatus.Resolved)]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal((1L, 1L), (sink.Delivered, sink.DeadLettered));
        }

        var essentials = JsonDocument.Parse(Assert.Single(server.Received)).RootElement.GetProperty("data").GetProperty("essentials");
        Assert.Equal(("Resolved", "2026-11-22T11:29:00.000Z"), (essentials.GetProperty("monitorCondition").GetString(), essentials.GetProperty("resolvedDateTime").GetString()));
        var dead = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(_dir, "webhook-deadletter.jsonl")))).RootElement;
        Assert.Equal("0123456789abcdef", dead.GetProperty("IncidentId").GetString());
    }
}
