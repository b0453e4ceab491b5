using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AiObsStream.Cli.Hosting;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Diagnostics;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>The service listener over loopback: /metrics parsed with the project's own Prometheus parser, probe transitions.</summary>
[Trait("Category", "Integration")]
[Collection(MeterScope.Name)]
public sealed class ServiceEndpointTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-service-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Metrics_ScrapedOverLoopback_ParseWithTheProjectsParser_AndCarryEveryInstrumentWithItsLabels()
    {
        var bad = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{not json\n");
        var engine = new StreamEngine(new EngineOptions { Partitions = 2 });
        using var receiver = new LoopbackHttpServer();
        var webhook = new WebhookSink(new WebhookOptions { Urls = [receiver.Url], DeadLetterPath = Path.Combine(_dir, "dead.jsonl") });
        await using var sink = new CompositeOutputSink(new JsonlDirectorySink(Path.Combine(_dir, "out")), webhook);
        await using var service = StartOnFreePort(engine, sink);
        var files = new[] { TestData.Path("h100-trace-a", "dcgm.prom.gz"), TestData.Path("h100-trace-a", "aoai-diagnostics.jsonl.gz"), bad };
        var summary = await engine.RunAsync(files, sink, CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);

        using var response = await Http.GetAsync(new Uri(service.Address!, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var samples = Scrape.Parse(await response.Content.ReadAsStringAsync());

        // Every instrument of the meter is announced (HELP and TYPE), under its Prometheus name.
        foreach (var instrument in AiObsMetrics.Instruments)
        {
            Assert.Contains(PrometheusExposition.MetricName(instrument), samples.Types.Keys);
        }

        Assert.Equal("counter", samples.Types["aiobs_records_received_total"]);
        Assert.Equal("gauge", samples.Types["aiobs_watermark_delay_seconds"]);
        var received = samples.Of("aiobs_records_received_total").Where(s => s.Labels["aiobs_input"].Contains("h100", StringComparison.Ordinal) || files.Contains(s.Labels["aiobs_input"])).ToList();
        Assert.Equal(summary.Events, received.Sum(s => (long)s.Value));
        Assert.Contains(received, s => s.Labels["aiobs_source"] == "DCGM");
        Assert.Contains(received, s => s.Labels["aiobs_source"] == "AzureOpenAI");
        var rejected = Assert.Single(samples.Of("aiobs_records_rejected_total"), s => s.Labels["aiobs_input"] == bad);
        Assert.Equal("malformed", rejected.Labels["aiobs_reason"]);
        Assert.Equal(1, rejected.Value);
        Assert.Contains(samples.Of("aiobs_input_bytes_total"), s => s.Labels["aiobs_input"] == bad && s.Value == 10);
        Assert.Equal(["0", "1"], samples.Of("aiobs_windows_open").Select(s => s.Labels["aiobs_partition"]).Distinct().Order());
        Assert.Contains(samples.Of("aiobs_rows_written_total"), s => s.Value == summary.RowsWritten);
        Assert.Equal(["firing", "other"], samples.Of("aiobs_alert_events_total").Select(s => s.Labels["aiobs_alert_status"]).Distinct().Order());
        Assert.All(samples.Of("aiobs_watermark_delay_seconds"), s => Assert.True(s.Value >= 0)); // none once the end flushed every window
        Assert.NotEmpty(samples.Of("aiobs_series_active"));
        Assert.NotEmpty(samples.Of("aiobs_incidents_open"));
        foreach (var name in new[] { "aiobs_sink_delivered_total", "aiobs_sink_retries_total", "aiobs_sink_faults_total", "aiobs_sink_dead_lettered_total", "aiobs_sink_queue_depth", "aiobs_sink_healthy" })
        {
            Assert.Contains(samples.Of(name), s => s.Labels["aiobs_sink"] == "webhook");
        }

        Assert.Contains(samples.Of("aiobs_sink_delivered_total"), s => s.Labels["aiobs_sink"] == "webhook" && s.Value == webhook.Delivered);
    }

    [Fact]
    public async Task Probes_StartingThenReady_ThenASinkFault_Is503WithItsReason()
    {
        var engine = new StreamEngine(new EngineOptions { Partitions = 1 });
        using var receiver = new LoopbackHttpServer { Status = 400 }; // every payload is refused: dead-lettered
        var webhook = new WebhookSink(new WebhookOptions { Urls = [receiver.Url], DeadLetterPath = _dir }); // a folder: not writable
        var files = new JsonlDirectorySink(Path.Combine(_dir, "out"));
        await using var sink = new CompositeOutputSink(files, webhook);
        await using var service = StartOnFreePort(engine, sink);

        var (code, body) = await Get(service, "readyz");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "starting"), (code, body.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Get(service, "healthz")).Code);

        await engine.RunAsync([TestData.Path("h100-trace-a", "dcgm.prom.gz")], files, CancellationToken.None); // the webhook gets only the test's note
        webhook.WriteNotifications([]); // nothing yet: still healthy
        Assert.Equal(HttpStatusCode.OK, (await Get(service, "readyz")).Code);

        webhook.WriteNotifications([Note()]);
        await webhook.FlushAsync(CancellationToken.None);
        (code, body) = await Get(service, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("not ready", body.GetProperty("status").GetString());
        var reason = Assert.Single(body.GetProperty("reasons").EnumerateArray()).GetString();
        Assert.StartsWith("sink webhook: webhook: dead-letter file", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Get(service, "healthz")).Code); // a sink fault never asks for a restart

        var samples = Scrape.Parse(await Http.GetStringAsync(new Uri(service.Address!, "metrics")));
        Assert.Contains(samples.Of("aiobs_sink_faults_total"), s => s.Labels["aiobs_sink"] == "webhook" && s.Value == 1);
        Assert.Contains(samples.Of("aiobs_sink_healthy"), s => s.Labels["aiobs_sink"] == "webhook" && s.Value == 0);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(service.Address!, "nope"))).StatusCode);
    }

    [Fact]
    public async Task ExplicitAddressInUse_FailsNamingTheSetting_DefaultOnlyWarns()
    {
        var engine = new StreamEngine(new EngineOptions());
        await using var sink = new CompositeOutputSink();
        await using var first = StartOnFreePort(engine, sink);
        var taken = new ListenAddress("127.0.0.1", first.Address!.Port);

        var ex = Assert.Throws<Pipeline.Configuration.ConfigException>(() => ServiceRuntime.Start(new ServiceOptions(taken, Explicit: true, 10), engine, sink, TextWriter.Null));
        Assert.StartsWith($"--listen / service.listen 127.0.0.1:{taken.Port}: cannot listen", ex.Message, StringComparison.Ordinal);

        using var log = new StringWriter();
        await using var second = ServiceRuntime.Start(new ServiceOptions(taken, Explicit: false, 10), engine, sink, log);
        Assert.Null(second.Address);
        Assert.StartsWith("warning: no metrics/health listener", log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:9464", true)]
    [InlineData("0.0.0.0:80", true)]
    [InlineData("localhost:1", true)]
    [InlineData("[::1]:9464", true)]
    [InlineData("*:9464", true)]
    [InlineData("9464", false)]
    [InlineData("127.0.0.1:0", false)]
    [InlineData("127.0.0.1:70000", false)]
    [InlineData("example.com:9464", false)]
    public void ListenAddress_Parse(string text, bool ok)
    {
        Assert.Equal(ok, ListenAddress.TryParse(text, "--listen", out var address, out var error));
        Assert.Equal(ok, address is not null);
        if (!ok)
        {
            Assert.StartsWith("--listen: ", error, StringComparison.Ordinal);
        }
    }

    private static ServiceRuntime StartOnFreePort(StreamEngine engine, IOutputSink sink)
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return ServiceRuntime.Start(new ServiceOptions(new ListenAddress("127.0.0.1", port), Explicit: true, 1000), engine, sink, TextWriter.Null);
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
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static Notification Note()
    {
        var alert = new AlertEvent
        {
            AlertId = "feedfacefeedface", Rule = "gpu-memory", Severity = Severity.Critical, Status = AlertStatus.Firing, TimeGeneratedMs = 120_000,
            StartsAtMs = 60_000, Value = 96, Threshold = 95, Metric = "fb_used_pct", Statistic = Statistic.Max, Source = "DCGM",
            Deployment = "d", ModelName = "", ModelVersion = "", Operation = "", Host = "h", Gpu = "g", Summary = "s",
        };
        var notified = new NotifiedAlert
        {
            IncidentId = alert.AlertId, Rule = alert.Rule, Status = AlertStatus.Firing, Severity = Severity.Critical, StartsAtMs = 60_000, Latest = alert,
        };
        return new Notification { GroupKey = "g", Status = AlertStatus.Firing, Reason = NotificationReason.Initial, TimeMs = 150_000, Alerts = [notified] };
    }

    /// <summary>The meter is process-wide: tests that assert on what it reports run alone, not beside other runs.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MeterScope
    {
        public const string Name = "AiObsStream meter";
    }
}
