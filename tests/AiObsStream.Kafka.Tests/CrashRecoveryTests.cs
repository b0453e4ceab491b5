using System.Diagnostics;
using System.Text.Json;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.TestKit;
using Xunit.Abstractions;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// The crash test: the CLI consumes the dirty trace from topics, is killed with SIGKILL mid-stream, restarts with
/// the same state folder and group, and finishes; its final metrics must equal a file-mode run and every alert incident
/// must appear Firing exactly once on the alert topic.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string Trace = "h100-trace-a-dirty";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-crash-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public CrashRecoveryTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task KillDashNine_MidStream_RestartFinishesWithFileModeResultsAndNoDuplicateFiring()
    {
        using var broker = await KafkaMockBroker.StartAsync(("aoai", 1), ("deps", 1), ("dcgm", 1), ("alerts", 2));
        var messages = TraceMessages.Load(Trace);
        var split = messages.ToDictionary(m => m.Key, m => m.Value.Count * 6 / 10);
        await TraceComparison.ProduceTraceAsync(broker.BootstrapServers, messages, (topic, i) => i < split[topic]);

        var state = Path.Combine(_root, "state");
        var outDir = Path.Combine(_root, "out");
        using (var first = StartCli(broker.BootstrapServers, state, outDir, stopWhenIdle: null))
        {
            // Wait until the first part is consumed and covered by a checkpoint, then send the rest and kill mid-stream.
            await WaitForCheckpointAsync(state, c => c.Offsets.GetValueOrDefault("aoai/0") == split["aoai"], first);
            var rest = TraceComparison.ProduceTraceAsync(broker.BootstrapServers, messages, (topic, i) => i >= split[topic]);
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            first.Kill(entireProcessTree: true); // SIGKILL: no drain, no final checkpoint
            await first.WaitForExitAsync();
            await rest;
        }

        using (var second = StartCli(broker.BootstrapServers, state, outDir, stopWhenIdle: "2s"))
        {
            var stderr = second.StandardError.ReadToEndAsync();
            var stdout = second.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await second.WaitForExitAsync(timeout.Token);
            _output.WriteLine(await stdout);
            _output.WriteLine(await stderr);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("Resuming from checkpoint", await stderr, StringComparison.Ordinal);
        }

        var fileOut = Path.Combine(_root, "file");
        await TraceComparison.RunFileModeAsync(Trace, fileOut, partitions: 2);
        var expected = TraceComparison.FinalRows(Path.Combine(fileOut, "metrics.jsonl"));
        var actual = TraceComparison.FinalRows(Path.Combine(outDir, "metrics.jsonl"));
        TraceComparison.AssertSameRows(expected, actual);

        var firing = (await TopicClient.ReadAllAsync(broker.BootstrapServers, "alerts"))
            .Select(m => JsonDocument.Parse(m.Value).RootElement)
            .Where(e => e.GetProperty("type").GetString()!.EndsWith(".firing", StringComparison.Ordinal))
            .GroupBy(e => e.GetProperty("subject").GetString())
            .ToList();
        Assert.NotEmpty(firing);
        Assert.All(firing, g => Assert.True(g.Count() == 1, $"alert {g.Key} announced Firing {g.Count()} times"));
        var firedInFile = File.ReadLines(Path.Combine(outDir, "alerts.jsonl")).Count(l => l.Contains("\"Status\":\"Firing\"", StringComparison.Ordinal));
        Assert.Equal(firedInFile, firing.Count);

        // Incident state changes: each on the topic exactly once, the same ones as in incidents.jsonl.
        var settings = new KafkaSettings { BootstrapServers = broker.BootstrapServers, Topics = ["aoai"], GroupId = "crash-check", DeliveryTimeout = TimeSpan.FromSeconds(60) };
        var incidents = await AlertTopicReader.ReadIncidentsAsync(settings, "alerts", null, CancellationToken.None);
        Assert.Equal(incidents.Count, incidents.Select(i => i.Id).Distinct().Count());
        Assert.Equal(File.ReadLines(Path.Combine(outDir, "incidents.jsonl")).Count(), incidents.Count);
    }

    [Fact]
    public async Task Sigterm_WhileConsuming_CheckpointsCommitsAndExitsZeroWithinTenSeconds()
    {
        using var broker = await KafkaMockBroker.StartAsync(("aoai", 1), ("deps", 1), ("dcgm", 1), ("alerts", 1));
        var messages = TraceMessages.Load(Trace);
        await TraceComparison.ProduceTraceAsync(broker.BootstrapServers, messages);
        var state = Path.Combine(_root, "term-state");
        using var cli = StartCli(broker.BootstrapServers, state, Path.Combine(_root, "term-out"), stopWhenIdle: null);
        var stderr = cli.StandardError.ReadToEndAsync();
        var stdout = cli.StandardOutput.ReadToEndAsync();
        await WaitForCheckpointAsync(state, c => c.Offsets.GetValueOrDefault("aoai/0") == messages["aoai"].Count, cli);

        var signalled = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await cli.WaitForExitAsync(timeout.Token);
        var elapsed = signalled.Elapsed;
        _output.WriteLine($"exit {cli.ExitCode} after {elapsed.TotalSeconds:0.00} s\n{await stdout}\n{await stderr}");
        Assert.Equal(0, cli.ExitCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.TotalSeconds:0.0} s to stop");
        Assert.Contains("checkpointing open windows", await stderr, StringComparison.Ordinal);

        // The final checkpoint holds the open windows and the offsets it covers are the group's committed offsets.
        var checkpoint = new CheckpointStore(state).TryLoad(out _)!;
        Assert.Equal(messages["dcgm"].Count, checkpoint.Offsets["dcgm/0"]);
        var committed = await TopicClient.CommittedAsync(broker.BootstrapServers, "crash", [("aoai", 0), ("deps", 0), ("dcgm", 0)]);
        Assert.Equal(checkpoint.Offsets["aoai/0"], committed[("aoai", 0)]);
        Assert.Equal(checkpoint.Offsets["deps/0"], committed[("deps", 0)]);
        Assert.Equal(checkpoint.Offsets["dcgm/0"], committed[("dcgm", 0)]);
    }

    private static Process StartCli(string bootstrap, string state, string outDir, string? stopWhenIdle)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            CliPath(), "run", "--kafka", bootstrap, "--topic", "aoai", "--topic", "deps", "--topic", "dcgm",
            "--group", "crash", "--alerts-topic", "alerts", "--publish-raw-alerts", "--state", state, "--out", outDir,
            "--checkpoint-interval", "300ms", "--partitions", "2", "--quiet",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (stopWhenIdle is not null)
        {
            start.ArgumentList.Add("--stop-when-idle");
            start.ArgumentList.Add(stopWhenIdle);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("aiobs did not start");
    }

    private static async Task WaitForCheckpointAsync(string state, Func<EngineCheckpoint, bool> done, Process cli)
    {
        var deadline = Stopwatch.StartNew();
        var store = new CheckpointStore(state);
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(cli.HasExited, "aiobs exited early: " + (cli.HasExited ? await cli.StandardError.ReadToEndAsync() : ""));
            try
            {
                if (store.TryLoad(out _) is { } checkpoint && done(checkpoint))
                {
                    return;
                }
            }
            catch (IOException)
            {
                // being replaced right now
            }

            await Task.Delay(100);
        }

        Assert.Fail("no checkpoint covering the first part within 2 minutes");
    }

    /// <summary>aiobs.dll of the same configuration, built with the solution (the test project depends on the CLI project).</summary>
    private static string CliPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AiObsStream.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(dir!.FullName, "src", "AiObsStream.Cli", "bin", configuration, "net10.0", "aiobs.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the solution first: aiobs.dll not found", path);
    }
}
