using System.Text.Json;
using AiObsStream.Core.Actions;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Pipeline.Actions;
using AiObsStream.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Pipeline.Tests.Actions;

/// <summary>The action sink against a real HTTP server on 127.0.0.1: payload, retries, dry-run, the log, restarts.</summary>
[Trait("Category", "Integration")]
public sealed class ActionSinkTests : IDisposable
{
    private static readonly DateTimeOffset WallClock = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-actions-").FullName;
    private readonly FakeTimeProvider _time = new(WallClock);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LogPath => Path.Combine(_dir, ActionOptions.FileName);

    private ActionOptions Options(params ActionDefinition[] actions) => new()
    {
        Actions = actions,
        LogPath = LogPath,
        MaxAttempts = 3,
        BaseDelay = TimeSpan.Zero, // retries without waiting: no timing in these tests
        MaxDelay = TimeSpan.Zero,
        RequestTimeout = TimeSpan.FromSeconds(30),
        Time = _time,
    };

    private static ActionDefinition Rollback(Uri url, bool dryRun = false, ActionKind kind = ActionKind.Webhook) => new()
    {
        Name = "rollback-chat", Cause = IncidentCause.Capacity, Url = url, Payload = ActionPayload.RollbackPreviousVersion, DryRun = dryRun, Kind = kind,
    };

    private static Notification Note(IncidentEvent incident)
    {
        var pseudo = IncidentAlert.Of(incident, incident.Deployments[0], string.Empty);
        var alert = new NotifiedAlert
        {
            IncidentId = pseudo.AlertId, Rule = pseudo.Rule, Status = pseudo.Status, Severity = pseudo.Severity, StartsAtMs = pseudo.StartsAtMs, Latest = pseudo,
        };
        return new Notification
        {
            GroupKey = "g", Status = pseudo.Status, Reason = NotificationReason.Initial, TimeMs = incident.TimeGeneratedMs, Incident = incident, Alerts = [alert],
        };
    }

    private static MetricRow Row(string version, long start) => new()
    {
        WindowStartMs = start, WindowEndMs = start + 60_000, Metric = "latency_ms",
        Dims = new SeriesDims(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", version, "chat", "", "", ""),
        ModelVersion = version, Count = 1, Sum = 1, Min = 1, Max = 1, Mean = 1,
    };

    private List<JsonElement> Log() =>
        [.. ActionSink.ReadLines(LogPath).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Send_PostsTheDocumentedPayload_AndRecordsTheAnswer()
    {
        using var server = new LoopbackHttpServer();
        var forwarded = new List<ActionRecord>();
        await using (var sink = new ActionSink(Options(Rollback(server.Url)), forward: forwarded.AddRange))
        {
            sink.WriteRows([Row("2024-05-13", TestIncidents.OpenedAt - 3_600_000), Row("2024-08-06", TestIncidents.OpenedAt - 600_000)]);
            var incident = TestIncidents.Capacity();
            sink.WriteIncidents([incident]);
            sink.WriteNotifications([Note(incident)]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(1, sink.Sent);
        }

        var body = JsonDocument.Parse(Assert.Single(server.Received)).RootElement;
        Assert.Equal(("aiobs.action/1", "rollback-chat", "rollback-previous-version", "0123456789abcdef/rollback-chat", false),
            (body.GetProperty("schema").GetString(), body.GetProperty("action").GetString(), body.GetProperty("payload").GetString(),
             body.GetProperty("idempotencyKey").GetString(), body.GetProperty("dryRun").GetBoolean()));
        var request = body.GetProperty("request");
        Assert.Equal(("rollback-previous-version", "chat-prod", "2024-08-06", "2024-05-13"),
            (request.GetProperty("operation").GetString(), request.GetProperty("deployment").GetString(),
             request.GetProperty("modelVersion").GetString(), request.GetProperty("previousVersion").GetString()));
        var incidentJson = body.GetProperty("incident");
        Assert.Equal(("capacity", 2.61), (incidentJson.GetProperty("cause").GetString(), incidentJson.GetProperty("evidence").GetProperty("load_ratio").GetDouble()));
        Assert.Equal("0123456789abcdef/rollback-chat", Assert.Single(server.IdempotencyKeys));

        var line = Assert.Single(Log());
        Assert.Equal(("sent", 200, 1, "2026-12-02T12:00:00.000Z"),
            (line.GetProperty("Outcome").GetString(), line.GetProperty("HttpStatus").GetInt32(), line.GetProperty("Attempts").GetInt32(),
             line.GetProperty("RecordedAt").GetString()));
        Assert.Equal(server.Url.GetLeftPart(UriPartial.Path), line.GetProperty("Target").GetString());
        Assert.Equal(ActionOutcome.Sent, Assert.Single(forwarded).Outcome);
    }

    [Fact]
    public async Task DryRun_SendsNothing_RecordsWhatWasDecided()
    {
        using var server = new LoopbackHttpServer();
        var forwarded = new List<ActionRecord>();
        await using (var sink = new ActionSink(Options(Rollback(server.Url, dryRun: true)), forward: forwarded.AddRange))
        {
            sink.WriteNotifications([Note(TestIncidents.Capacity())]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal((1L, 0L), (sink.DryRuns, sink.Sent));
        }

        Assert.Equal(0, server.Requests);
        var line = Assert.Single(Log());
        Assert.Equal(("dry-run", 0), (line.GetProperty("Outcome").GetString(), line.GetProperty("Attempts").GetInt32()));
        Assert.Single(forwarded);
    }

    [Fact]
    public async Task ServerErrors_RetriedUntilAccepted_SameIdempotencyKey()
    {
        using var server = new LoopbackHttpServer { StatusFor = n => n <= 2 ? 503 : 202 };
        await using (var sink = new ActionSink(Options(Rollback(server.Url))))
        {
            sink.WriteNotifications([Note(TestIncidents.Capacity())]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal((1L, 2L, 0L), (sink.Sent, sink.Retries, sink.Failed));
            Assert.Equal((1L, 2L), (sink.Health.Delivered, sink.Health.Retries));
        }

        Assert.Equal(3, server.Requests);
        Assert.All(server.IdempotencyKeys, k => Assert.Equal("0123456789abcdef/rollback-chat", k));
        var line = Assert.Single(Log());
        Assert.Equal(("sent", 202, 3), (line.GetProperty("Outcome").GetString(), line.GetProperty("HttpStatus").GetInt32(), line.GetProperty("Attempts").GetInt32()));
    }

    [Fact]
    public async Task AttemptsExhausted_AndPermanentError_RecordedAsFailed()
    {
        using var failing = new LoopbackHttpServer { Status = 500 };
        using var rejecting = new LoopbackHttpServer { Status = 400 };
        var second = Rollback(rejecting.Url) with { Name = "second" };
        await using (var sink = new ActionSink(Options(Rollback(failing.Url), second)))
        {
            sink.WriteNotifications([Note(TestIncidents.Capacity())]);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal((0L, 2L), (sink.Sent, sink.Failed));
            Assert.Equal(2L, sink.Health.DeadLettered);
        }

        Assert.Equal((3, 1), (failing.Requests, rejecting.Requests));
        var lines = Log().OrderBy(l => l.GetProperty("Action").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(("failed", 3, "HTTP 500 Internal Server Error"),
            (lines[0].GetProperty("Outcome").GetString(), lines[0].GetProperty("Attempts").GetInt32(), lines[0].GetProperty("Error").GetString()));
        Assert.Equal(("failed", 1, 400), (lines[1].GetProperty("Outcome").GetString(), lines[1].GetProperty("Attempts").GetInt32(), lines[1].GetProperty("HttpStatus").GetInt32()));
    }

    [Fact]
    public async Task Restart_FromCheckpoint_NeverSendsAnIncidentsActionTwice()
    {
        using var server = new LoopbackHttpServer();
        var a = TestIncidents.Capacity(id: "aaaaaaaaaaaaaaaa");
        var b = TestIncidents.Capacity(id: "bbbbbbbbbbbbbbbb");
        var c = TestIncidents.Capacity(id: "cccccccccccccccc");
        byte[] state;
        await using (var sink = new ActionSink(Options(Rollback(server.Url))))
        {
            sink.WriteNotifications([Note(a)]);
            state = await sink.CheckpointAsync(CancellationToken.None);
            sink.WriteNotifications([Note(b)]); // sent after the checkpoint, then the process dies
            await sink.FlushAsync(CancellationToken.None);
        }

        Assert.Equal(2, server.Requests);
        await using (var resumed = new ActionSink(Options(Rollback(server.Url)), resume: true))
        {
            await resumed.RestoreAsync(state, CancellationToken.None);
            resumed.WriteNotifications([Note(a), Note(b), Note(c)]); // the replay after the checkpoint, then a new incident
            await resumed.FlushAsync(CancellationToken.None);
            Assert.Equal(1, resumed.Sent);
        }

        Assert.Equal(3, server.Requests);
        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"], Log().Select(l => l.GetProperty("IncidentId").GetString()));
    }

    [Fact]
    public async Task FreshRun_StartsANewLog_TornLineOnResumeIsSkipped()
    {
        await File.WriteAllTextAsync(LogPath, "{\"Outcome\":\"sent\",\"IdempotencyKey\":\"0123456789abcdef/rollback-chat\"}\n{\"Outc");
        using var server = new LoopbackHttpServer();
        await using (var resumed = new ActionSink(Options(Rollback(server.Url)), resume: true))
        {
            await resumed.RestoreAsync([], CancellationToken.None);
            resumed.WriteNotifications([Note(TestIncidents.Capacity())]);
            await resumed.FlushAsync(CancellationToken.None);
        }

        Assert.Equal(0, server.Requests); // its key was in the log
        await using (var fresh = new ActionSink(Options(Rollback(server.Url))))
        {
            fresh.WriteNotifications([Note(TestIncidents.Capacity())]);
            await fresh.FlushAsync(CancellationToken.None);
        }

        Assert.Equal(1, server.Requests);
        Assert.Equal("sent", Assert.Single(Log()).GetProperty("Outcome").GetString());
    }

    [Fact]
    public async Task PipelineKind_PostsFlatStringParameters()
    {
        using var server = new LoopbackHttpServer();
        var action = Rollback(server.Url, kind: ActionKind.Pipeline) with { Payload = ActionPayload.FallbackPipeline };
        await using (var sink = new ActionSink(Options(action)))
        {
            sink.WriteNotifications([Note(TestIncidents.Capacity())]);
            await sink.FlushAsync(CancellationToken.None);
        }

        var body = JsonDocument.Parse(Assert.Single(server.Received)).RootElement;
        Assert.All(body.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal(("fallback-pipeline", "capacity", "chat-prod"),
            (body.GetProperty("payload").GetString(), body.GetProperty("cause").GetString(), body.GetProperty("deployment").GetString()));
    }

    [Fact]
    public void NoActions_Rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ActionSink(Options()));
        Assert.Contains("at least one action", ex.Message, StringComparison.Ordinal);
    }
}
