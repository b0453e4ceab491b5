using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Kafka.Relay;
using AiObsStream.Pipeline.Sinks.Webhooks;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests.Relay;

/// <summary>
/// The relay on the loopback broker with a loopback webhook receiver: incident changes published by the engine's own
/// publisher, bad messages among them, a relay stopped part-way and a second one that resumes from its checkpoint.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AlertTopicRelayTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private long _retries; // the webhook sinks' retries over every relay run of a test
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-relay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Ten incidents, each Open, Updated and Resolved: 30 changes.</summary>
    private static List<IncidentEvent> Changes() =>
    [
        .. Enumerable.Range(0, 10).SelectMany(i => new[] { IncidentStatus.Open, IncidentStatus.Updated, IncidentStatus.Resolved }
            .Select(s => TestIncidents.Capacity(s, FormattableString.Invariant($"{i:x16}")))),
    ];

    [Fact]
    public async Task Run_StoppedPartWayAndRestarted_SendsEveryChangeOnce_DeadLettersBadMessages()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 3));
        var settings = broker.Settings(alertsTopic: "alerts") with { Topics = ["alerts"], GroupId = "relay", SessionTimeout = TimeSpan.FromSeconds(6) };
        var changes = Changes();
        await PublishAsync(settings, changes[..12]);
        await TopicClient.ProduceAsync(broker.BootstrapServers, "alerts",
        [
            TopicMessage.Of("not json", partition: 0),
            TopicMessage.Of("{\"id\":\"x\",\"type\":\"com.example.other\"}", partition: 1),
            TopicMessage.Of("{\"id\":\"y\",\"type\":\"com.aiobsstream.incident.open\",\"data\":{\"IncidentId\":\"y\"}}", partition: 2),
            new TopicMessage(null, [], Partition: 0),
        ]);
        await PublishAsync(settings, changes[12..]);
        await PublishAsync(settings, changes[3..9]); // a second publisher that does not know: the same changes again
        using var receiver = new LoopbackHttpServer();

        var (first, firstDead, firstRetries) = await RelayAsync(settings, receiver, stopAfter: 10);
        Assert.InRange(first.Relayed, 10, 29);
        var (second, secondDead, secondRetries) = await RelayAsync(settings, receiver, stopAfter: null);

        // The relay hands each change to the sink once; the receiver sees it once unless the webhook sink retried a
        // request whose answer it lost (HttpListener under load resets kept-alive connections), which it counts.
        Assert.Equal(30, first.Relayed + second.Relayed);
        var sent = receiver.Received.Select(Change).ToList();
        Assert.Equal(changes.Select(c => (c.IncidentId, c.Status.ToString(), c.TimeGeneratedMs)).Order(), sent.Distinct().Order());
        Assert.InRange(sent.Count - 30, 0, firstRetries + secondRetries);
        Assert.Equal(6, first.Duplicates + second.Duplicates);
        Assert.Equal(4, first.DeadLettered + second.DeadLettered);
        Assert.Equal(0, firstDead + secondDead);
        var reasons = File.ReadAllLines(Path.Combine(_dir, "relay-deadletter.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Reason").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, reasons.Count);
        Assert.StartsWith("empty message", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("incident: ", reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("not JSON", reasons[2], StringComparison.Ordinal);
        Assert.Equal("not an incident CloudEvent (type 'com.example.other')", reasons[3]);
    }

    [Fact]
    public async Task Run_CrashAfterTheSinksAcceptedABatch_OnlyThatBatchIsSentAgain()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 1));
        var settings = broker.Settings(alertsTopic: "alerts") with { Topics = ["alerts"], GroupId = "crash", SessionTimeout = TimeSpan.FromSeconds(6) };
        var changes = Changes();
        await PublishAsync(settings, changes);
        using var receiver = new LoopbackHttpServer();
        var settledAt = new List<int>(); // changes received (distinct) when each batch had settled

        var crashed = await Assert.ThrowsAsync<IOException>(() => RelayAsync(settings, receiver, stopAfter: null, afterSettled: () =>
        {
            settledAt.Add(receiver.Received.Select(Change).Distinct().Count());
            if (settledAt.Count == 2)
            {
                throw new IOException("killed before the checkpoint");
            }
        }));
        Assert.Equal("killed before the checkpoint", crashed.Message);
        var (resumed, _, _) = await RelayAsync(settings, receiver, stopAfter: null);

        // One partition, published in order: the second batch is changes[first..second]; only it is sent twice.
        var (first, second) = (settledAt[0], settledAt[1]);
        Assert.InRange(first, 1, second - 1);
        Assert.Equal(30 - first, resumed.Relayed);
        var sent = receiver.Received.Select(Change).ToList();
        static (string, string, long) Key(IncidentEvent c) => (c.IncidentId, c.Status.ToString(), c.TimeGeneratedMs);
        Assert.Equal(changes.Select(Key).Order(), sent.Distinct().Order());
        var repeated = sent.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.Superset(changes[first..second].Select(Key).ToHashSet(), repeated);
        Assert.InRange(sent.Count - 30 - (second - first), 0, _retries); // HTTP-level resends of either run, counted by the sink
    }

    [Fact]
    public async Task Run_TwoRelaysInOneGroup_SplitThePartitions_EachChangeOnce()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 4));
        var settings = broker.Settings(alertsTopic: "alerts") with { Topics = ["alerts"], GroupId = "pair", SessionTimeout = TimeSpan.FromSeconds(6) };
        var changes = Changes();
        await PublishAsync(settings, changes);
        using var receiver = new LoopbackHttpServer();

        var a = RelayAsync(settings, receiver, stopAfter: null, idle: TimeSpan.FromSeconds(3));
        var b = RelayAsync(settings, receiver, stopAfter: null, idle: TimeSpan.FromSeconds(3));
        var done = await Task.WhenAll(a, b);

        Assert.Equal(30, done.Sum(d => d.Relay.Relayed));
        var sent = receiver.Received.Select(Change).ToList();
        Assert.Equal(changes.Select(c => (c.IncidentId, c.Status.ToString(), c.TimeGeneratedMs)).Order(), sent.Distinct().Order());
        Assert.InRange(sent.Count - 30, 0, done.Sum(d => d.Retries));
    }

    private async Task<(AlertTopicRelay Relay, long WebhookDeadLetters, long Retries)> RelayAsync(KafkaSettings settings, LoopbackHttpServer receiver, int? stopAfter,
        TimeSpan? idle = null, Action? afterSettled = null)
    {
        var webhook = new WebhookSink(new WebhookOptions { Urls = [receiver.Url], DeadLetterPath = Path.Combine(_dir, "webhook-deadletter.jsonl") });
        using var stop = new CancellationTokenSource();
        await using (webhook)
        {
            var relay = new AlertTopicRelay(settings, new AlertTopicRelayOptions
            {
                Topic = "alerts",
                DeadLetterPath = Path.Combine(_dir, "relay-deadletter.jsonl"),
                StateDirectory = Path.Combine(_dir, "state"),
                BatchSize = 4,
                StopWhenIdle = stopAfter is null ? idle ?? TimeSpan.FromSeconds(1) : null,
                Settled = () => webhook.Pending == 0,
            }, webhook)
            {
                // Part-way: stopped from the relay's own loop once a settled batch brings the receiver to n (polling from
                // here could see all 30 sent first on a loaded machine); the batch in hand is checkpointed and committed.
                AfterSettled = () =>
                {
                    afterSettled?.Invoke();
                    if (stopAfter is { } n && receiver.Received.Count >= n)
                    {
                        stop.Cancel();
                    }
                },
            };
            using (relay)
            {
                using var limit = new CancellationTokenSource(Limit);
                var run = relay.RunAsync(stop.Token);
                try
                {
                    await run.WaitAsync(limit.Token);
                }
                finally
                {
                    _retries += webhook.Retries; // every run's, the one that crashes included
                }
            }

            return (relay, webhook.DeadLettered, webhook.Retries);
        }
    }

    private static async Task PublishAsync(KafkaSettings settings, List<IncidentEvent> changes)
    {
        await using var publisher = new KafkaAlertPublisher(settings);
        publisher.WriteIncidents(changes);
        await publisher.FlushAsync(CancellationToken.None);
    }

    private static (string Id, string Status, long Time) Change(string payload)
    {
        var context = JsonDocument.Parse(payload).RootElement.GetProperty("data").GetProperty("alertContext");
        return (context.GetProperty("incidentId").GetString()!, context.GetProperty("status").GetString()!,
            context.GetProperty("timeGenerated").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }
}
