using static AiObsStream.Cli.Tests.AiobsProcess;
using System.Text.Json;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>Runs the real <c>aiobs</c> binary as a process (exit codes, signals, the bundled default run).</summary>
[Trait("Category", "Integration")]
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const int SigTerm = 15;

    /// <summary>libc kill(2): .NET has no managed API to send SIGTERM to another process.</summary>
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void Run_NoInput_ReplaysBundledTraceAndReportsAlerts()
    {
        var (code, stdout, stderr) = Run("run", "--out", _dir, "-q");
        Assert.Equal(0, code);
        Assert.Contains("bundled H100 trace", stderr, StringComparison.Ordinal);
        Assert.Contains("gpu-memory", stdout, StringComparison.Ordinal);
        Assert.Contains("aoai-diagnostics.jsonl.gz", stdout, StringComparison.Ordinal);
        Assert.True(File.ReadLines(Path.Combine(_dir, "alerts.jsonl")).Any());
    }

    [Theory]
    [InlineData("--input /no/such/file.jsonl", "--input /no/such/file.jsonl: no such file or folder")]
    [InlineData("--config /no/such/config.json", "--config: cannot read")]
    [InlineData("--emit sometimes", "--emit: 'sometimes' is not an emit policy")]
    [InlineData("--scrape ftp://x/metrics", "--scrape ftp://x/metrics: not an http(s) URL")]
    [InlineData("--scrape http://127.0.0.1:1/m --interval fast", "--interval: 'fast' is not a duration")]
    [InlineData("--webhook https://no-such-host.invalid/hook", "--webhook https://no-such-host.invalid/hook: host 'no-such-host.invalid' cannot be resolved")]
    [InlineData("--webhook ftp://x/hook", "--webhook ftp://x/hook: not an http(s) URL")]
    [InlineData("--topic diag", "--topic / --alerts-topic / --publish-raw-alerts / --metrics-topic / --state need --kafka BOOTSTRAP or --eventhubs NAMESPACE")]
    [InlineData("--kafka 127.0.0.1:9092 --topic t --publish-raw-alerts", "--publish-raw-alerts: needs --alerts-topic")]
    [InlineData("--kafka 127.0.0.1:9092", "--topic: at least one topic to consume is required")]
    [InlineData("--kafka 127.0.0.1:9092 --eventhubs ns --topic t", "--kafka and --eventhubs: give one of them")]
    [InlineData("--kafka 127.0.0.1:9092 --topic t --stop-when-idle soon", "--stop-when-idle: 'soon' is not a duration")]
    [InlineData("--kafka 127.0.0.1:9092 --topic t --input x.jsonl", "do not combine them with --input")]
    [InlineData("--kafka 127.0.0.1:9092 --topic t --state s --scale-out --webhook http://127.0.0.1:9/hook", "--scale-out: --webhook not supported in scale-out mode")]
    [InlineData("--kafka 127.0.0.1:9092 --topic t --state s --scale-out --log-analytics https://127.0.0.1/ --dcr dcr-0123456789abcdef0123456789abcdef", "--scale-out: --log-analytics not supported in scale-out mode")]
    public void Run_BadArguments_ExitOneNamingTheSetting(string args, string message)
    {
        var (code, _, stderr) = Run(["run", "--out", _dir, .. args.Split(' ')]);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScrapeStoppedBySigterm_DrainsFlushesAndExitsZero()
    {
        using var server = new LoopbackHttpServer
        {
            Body = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"n1\",pod=\"chat-prod-7d9f\"} 42\n",
        };
        using var p = Start("run", "--scrape", server.Url.ToString(), "--interval", "500ms", "--out", _dir, "-q");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (server.Requests < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, Kill(p.Id, SigTerm));

        Assert.True(p.WaitForExit(30_000), "aiobs did not stop after SIGTERM");
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("Processed", await stdout, StringComparison.Ordinal);
        var rows = File.ReadLines(Path.Combine(_dir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(rows, r => r.GetProperty("Metric").GetString() == "gpu_util" && r.GetProperty("Deployment").GetString() == "chat-prod");
    }

    [Fact]
    public void Run_AlertsOnDifferentDays_ConsoleShowsTheirDates()
    {
        // Two exports months apart, both throttled: "09:00" twice would not say which incident is which.
        string Throttled(string month) => string.Join('\n', Enumerable.Range(0, 40).Select(i =>
            $$"""{"records":[{"category":"RequestResponse","correlationId":"{{month}}-{{i}}","durationMs":300,"operationName":"ChatCompletions_Create","properties":{"modelDeploymentName":"chat","modelName":"gpt-4o","modelVersion":"v1"},"resourceId":"/R","resultSignature":"429","time":"2026-{{month}}-14T09:{{i / 10:00}}:{{i % 10 * 5:00}}.0000000Z"}]}"""));
        var march = Path.Combine(_dir, "march.jsonl");
        var september = Path.Combine(_dir, "september.jsonl");
        File.WriteAllText(march, Throttled("03") + "\n");
        File.WriteAllText(september, Throttled("09") + "\n");

        var (code, stdout, _) = Run("run", "--input", march, "--input", september, "--out", Path.Combine(_dir, "out"), "-q");

        Assert.Equal(0, code);
        Assert.Contains("2026-03-14 09:0", stdout, StringComparison.Ordinal);
        Assert.Contains("2026-09-14 09:0", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OneInputFailsPartWay_ExitsThreeSummarySaysWhatWasLostOthersComplete()
    {
        var good = Path.Combine(_dir, "good.jsonl");
        File.WriteAllLines(good, Enumerable.Range(0, 50).Select(i =>
            $$"""{"records":[{"category":"RequestResponse","correlationId":"c{{i}}","durationMs":300,"operationName":"ChatCompletions_Create","properties":{"modelDeploymentName":"chat","modelName":"gpt-4o","modelVersion":"v1"},"resourceId":"/R","resultSignature":"200","time":"2026-11-22T10:{{i / 10:00}}:{{i % 10 * 5:00}}.0000000Z"}]}"""));
        var broken = Path.Combine(_dir, "broken.jsonl.gz");
        using (var buffer = new MemoryStream())
        {
            using (var gz = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                gz.Write(File.ReadAllBytes(good));
                for (var i = 0; i < 2000; i++)
                {
                    gz.Write(System.Text.Encoding.UTF8.GetBytes($"{{\"records\":[]}} {i}\n"));
                }
            }

            var bytes = buffer.ToArray();
            bytes.AsSpan(bytes.Length / 2, 64).Fill(0xFF); // a damaged deflate block half-way
            File.WriteAllBytes(broken, bytes);
        }

        var (code, stdout, stderr) = Run("run", "--input", good, "--input", broken, "--out", Path.Combine(_dir, "out"), "-q");

        Assert.Equal(3, code);
        Assert.Contains("broken.jsonl.gz", stderr, StringComparison.Ordinal);
        Assert.Contains("LOST: " + broken + ": stopped at unit", stdout, StringComparison.Ordinal);
        Assert.Contains("50 records", stdout, StringComparison.Ordinal); // the good input was read to its end
    }
}
