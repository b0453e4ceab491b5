using System.Diagnostics;
using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Kafka;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary><c>aiobs relay</c> as a process: argument checks, and one run on the loopback broker with webhooks and actions.</summary>
[Trait("Category", "Integration")]
public sealed class RelayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-relay-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aiobs.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "aiobs did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Theory]
    [InlineData("--alerts-topic a --webhook http://127.0.0.1:9/h", "relay: give one of --kafka BOOTSTRAP or --eventhubs NAMESPACE")]
    [InlineData("--kafka 127.0.0.1:9092 --webhook http://127.0.0.1:9/h", "relay: --alerts-topic is required")]
    [InlineData("--kafka 127.0.0.1:9092 --alerts-topic a", "relay: nothing to send to: give --webhook, --log-analytics or an actions list in --config")]
    [InlineData("--kafka 127.0.0.1:9092 --alerts-topic a --webhook ftp://x/h", "--webhook ftp://x/h: not an http(s) URL")]
    [InlineData("--kafka 127.0.0.1:9092 --alerts-topic a --webhook http://127.0.0.1:9/h --stop-when-idle soon", "--stop-when-idle: 'soon' is not a duration")]
    [InlineData("--kafka 127.0.0.1:9092 --alerts-topic a --webhook http://127.0.0.1:9/h --listen nope", "--listen: expected HOST:PORT")]
    public void Relay_BadArguments_ExitOneNamingTheSetting(string args, string message)
    {
        var (code, _, stderr) = Run(["relay", "--out", _dir, .. args.Split(' ')]);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_IncidentsOnTheTopic_OneWebhookPerChange_AndTheActionDecidedOnce()
    {
        using var broker = await KafkaMockBroker.StartAsync(("alerts", 2));
        var settings = new KafkaSettings { BootstrapServers = broker.BootstrapServers, Topics = ["alerts"], GroupId = "engine", AlertsTopic = "alerts" };
        await using (var publisher = new KafkaAlertPublisher(settings))
        {
            publisher.WriteIncidents([.. new[] { IncidentStatus.Open, IncidentStatus.Updated, IncidentStatus.Resolved }.Select(s => TestIncidents.Capacity(s))]);
            await publisher.FlushAsync(CancellationToken.None);
        }

        using var receiver = new LoopbackHttpServer();
        var config = Path.Combine(_dir, "cfg.json");
        await File.WriteAllTextAsync(config,
            "{\"actions\":[{\"name\":\"scale-out\",\"on\":{\"cause\":\"capacity\"},\"kind\":\"webhook\",\"url\":\"https://ops.example/hooks/scale\",\"payload\":\"scale-out\"}]}");
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = Run("relay", "--kafka", broker.BootstrapServers, "--alerts-topic", "alerts", "--webhook", receiver.Url.ToString(),
            "--config", config, "--out", outDir, "--state", Path.Combine(_dir, "state"), "--stop-when-idle", "1s");

        Assert.True(code == 0, stderr);
        Assert.Contains("Relay: 3 incident changes relayed, 0 repeats dropped", stdout, StringComparison.Ordinal);
        Assert.Equal(["Open", "Updated", "Resolved"], receiver.Received.Select(b =>
            JsonDocument.Parse(b).RootElement.GetProperty("data").GetProperty("alertContext").GetProperty("status").GetString()));
        var action = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(outDir, "actions.jsonl")), l => l.Length > 0)).RootElement;
        Assert.Equal("dry-run", action.GetProperty("Outcome").GetString());

        var again = Run("relay", "--kafka", broker.BootstrapServers, "--alerts-topic", "alerts", "--webhook", receiver.Url.ToString(),
            "--config", config, "--out", outDir, "--state", Path.Combine(_dir, "state"), "--stop-when-idle", "1s");
        Assert.Equal(0, again.Code);
        Assert.Contains("Relay: 0 incident changes relayed", again.Out, StringComparison.Ordinal);
        Assert.Equal(3, receiver.Received.Count);
    }
}
