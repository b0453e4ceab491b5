using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Hosting;
using AiObsStream.Core.Incidents;
using AiObsStream.Kafka;
using AiObsStream.Kafka.Relay;
using AiObsStream.Pipeline.Sinks.Webhooks;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>
/// <c>aiobs relay</c>'s listener during a relay on the loopback broker: /metrics read with the project's Prometheus
/// parser while the relay runs, and the probes from "starting" to ready.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ServiceEndpointTests.MeterScope.Name)]
public sealed class RelayServiceTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-relay-service-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Relay_ScrapedWhileItRuns_CountsEveryOutcome_AndIsReadyOnceCaughtUp()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var settings = new KafkaSettings { BootstrapServers = broker.BootstrapServers, Topics = ["alerts"], GroupId = "relay", AlertsTopic = "alerts" };
        await using (var publisher = new KafkaAlertPublisher(settings))
        {
            IncidentEvent[] changes = [.. new[] { IncidentStatus.Open, IncidentStatus.Updated, IncidentStatus.Resolved }.Select(s => TestIncidents.Capacity(s))];
            publisher.WriteIncidents([.. changes, changes[1]]); // the Updated twice: a repeat
            await publisher.FlushAsync(CancellationToken.None);
        }

        await ProduceAsync(broker.BootstrapServers, "not json");
        using var receiver = new LoopbackHttpServer();
        await using var sinks = RelaySinks.Create(
            new WebhookOptions { Urls = [receiver.Url], DeadLetterPath = Path.Combine(_dir, "webhook-deadletter.jsonl") }, null, [], _dir);
        using var relay = new AlertTopicRelay(settings, new AlertTopicRelayOptions
        {
            Topic = "alerts",
            DeadLetterPath = Path.Combine(_dir, RelayHandler.DeadLetterFile),
            StateDirectory = Path.Combine(_dir, "state"),
            StopWhenIdle = TimeSpan.FromSeconds(1),
            Settled = sinks.Settled,
        }, sinks.Sink);
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        relay.BatchCompleted += (_, _) =>
        {
            if (relay.Relayed == 3 && relay.Duplicates == 1 && relay.DeadLettered == 1)
            {
                allIn.TrySetResult();
            }
        };
        await using var service = StartOnFreePort(relay, sinks);

        var (code, body) = await Get(service, "readyz");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "starting"), (code, body.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Get(service, "healthz")).Code);

        using var limit = new CancellationTokenSource(Limit);
        var run = relay.RunAsync(CancellationToken.None);
        await allIn.Task.WaitAsync(limit.Token);

        // While it runs (the idle stop is at least a second away): every relay instrument, under its Prometheus name.
        var samples = Scrape.Parse(await Http.GetStringAsync(new Uri(service.Address!, "metrics")));
        foreach (var instrument in RelayMetrics.Instruments)
        {
            Assert.Contains(PrometheusExposition.MetricName(instrument), samples.Types.Keys);
        }

        Assert.Equal(3, Value(samples, "aiobs_relay_changes_relayed_total"));
        Assert.Equal(1, Value(samples, "aiobs_relay_changes_repeated_total"));
        Assert.Equal(0, Value(samples, "aiobs_relay_raw_alerts_skipped_total"));
        var dead = Assert.Single(samples.Of("aiobs_relay_dead_lettered_total"));
        Assert.Equal(("not_json", 1.0), (dead.Labels["aiobs_reason"], dead.Value));
        Assert.Equal(0, Value(samples, "aiobs_relay_dead_letters_lost_total"));
        Assert.InRange(Value(samples, "aiobs_relay_batches_total"), 1, 4);
        Assert.Equal(2, Value(samples, "aiobs_relay_partitions_assigned"));
        Assert.InRange(Value(samples, "aiobs_relay_checkpoint_age_seconds"), 0, Limit.TotalSeconds);
        Assert.InRange(Value(samples, "aiobs_relay_checkpoint_duration_seconds"), 0, Limit.TotalSeconds);
        Assert.Equal("counter", samples.Types["aiobs_relay_changes_relayed_total"]);
        Assert.Equal("gauge", samples.Types["aiobs_relay_checkpoint_age_seconds"]);
        Assert.Contains(samples.Of("aiobs_sink_delivered_total"), s => s.Labels["aiobs_sink"] == "webhook" && s.Value == 3);
        Assert.Contains(samples.Of("aiobs_sink_healthy"), s => s.Labels["aiobs_sink"] == "webhook" && s.Value == 1);
        Assert.All(samples.Of("messaging_kafka_consumer_lag"), s => Assert.Equal("alerts", s.Labels["messaging_destination_name"]));

        await run.WaitAsync(limit.Token); // the idle stop: every partition read to its end
        (code, body) = await Get(service, "readyz");
        Assert.True(code == HttpStatusCode.OK, body.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Get(service, "healthz")).Code);
        var lag = Scrape.Parse(await Http.GetStringAsync(new Uri(service.Address!, "metrics"))).Of("messaging_kafka_consumer_lag").ToList();
        Assert.Equal(["0", "1"], lag.Select(s => s.Labels["messaging_destination_partition_id"]).Order(StringComparer.Ordinal));
        Assert.All(lag, s => Assert.Equal(0, s.Value));
        Assert.Equal(3, receiver.Received.Distinct().Count()); // a request whose answer was lost may be sent again (counted as a retry)
    }

    [Theory]
    [InlineData(null, "127.0.0.1", 9465, false)]
    [InlineData("0.0.0.0:9465", "0.0.0.0", 9465, true)]
    [InlineData("none", null, 0, true)]
    public void ParseRelay_DefaultIsBesideTheEngines_AndTheFlagWins(string? flag, string? host, int port, bool isExplicit)
    {
        var command = RelayCommand.Create();
        var parse = new System.CommandLine.RootCommand { command }.Parse(flag is null ? ["relay"] : ["relay", "--listen", flag]);

        var options = ServiceCli.ParseRelay(parse, new AiObsStream.Cli.Configuration.Sections.ServiceSettings { Listen = "127.0.0.1:9464", ReadyMaxLag = 5 });

        Assert.Equal((host, port == 0 ? (int?)null : port, isExplicit, 5L), (options.Listen?.Host, options.Listen?.Port, options.Explicit, options.ReadyMaxLag));
    }

    private static double Value(Scrape.Exposition samples, string name) => Assert.Single(samples.Of(name)).Value;

    private static async Task ProduceAsync(string bootstrap, string value)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        using var timeout = new CancellationTokenSource(Limit);
        await producer.ProduceAsync(new TopicPartition("alerts", 1), new Message<byte[]?, byte[]> { Value = System.Text.Encoding.UTF8.GetBytes(value) }, timeout.Token);
    }

    private static ServiceRuntime StartOnFreePort(AlertTopicRelay relay, RelaySinks sinks)
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return ServiceRuntime.Start(new ServiceOptions(new ListenAddress("127.0.0.1", port), Explicit: true, 1000), relay, sinks.Sink, TextWriter.Null);
            }
            catch (Pipeline.Configuration.ConfigException) when (attempt < 10)
            {
                // another process took the probed port first
            }
        }
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> Get(ServiceRuntime service, string path)
    {
        using var response = await Http.GetAsync(new Uri(service.Address!, path));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
