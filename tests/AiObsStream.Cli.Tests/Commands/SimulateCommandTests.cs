using AiObsStream.Cli.Commands;

namespace AiObsStream.Cli.Tests.Commands;

public class SimulateCommandTests
{
    private static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var (code, output, error) = CommandInvocation.Invoke(SimulateCommand.Create(), args);
        return (code, output.Trim(), error);
    }

    private static string NewDir() => Path.Combine(Path.GetTempPath(), "aiobs-simcli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Simulate_ValidArguments_WritesFilesAndExit0()
    {
        string dir = NewDir();

        var (code, output, err) = Invoke("--out", dir, "--minutes", "3", "--seed", "9", "--rate-scale", "0.2",
            "--incident", "429-storm@1", "--incident", "gpu-thermal@2", "--start", "2026-12-01T08:00:00Z");

        Assert.True(code == 0, err);
        Assert.Contains("2 incidents", output, StringComparison.Ordinal);
        foreach (var file in new[] { "aoai-diagnostics.jsonl", "appinsights-dependencies.jsonl", "appinsights-evaluations.jsonl", "dcgm.prom", "ground-truth.json" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, file)).Length > 0, file);
        }

        Assert.Contains("\"2026-12-01T08:01:00.000Z\"", File.ReadAllText(Path.Combine(dir, "ground-truth.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_ContentFilterJump_FilteredCallsInBothLogsAndSecurityTruth()
    {
        string dir = NewDir();

        var (code, _, err) = Invoke("--out", dir, "--minutes", "12", "--seed", "3", "--rate-scale", "0.5", "--incident", "content-filter-jump@2");

        Assert.True(code == 0, err);
        var truth = File.ReadAllText(Path.Combine(dir, "ground-truth.json"));
        Assert.Contains("content-filter-jump", truth, StringComparison.Ordinal);
        Assert.Contains("\"Cause\": \"security\"", truth, StringComparison.Ordinal); // indented JSON

        // The engine's parser reads the App Insights dependencies the simulator wrote: filtered prompts and cut completions.
        using var parser = new AiObsStream.Formats.Json.EventHubsBodyParser();
        using var buffer = new AiObsStream.Core.Events.EventBuffer(64);
        var rejects = new List<AiObsStream.Core.Events.ParseError>();
        int prompts = 0, requests = 0;
        foreach (var line in File.ReadLines(Path.Combine(dir, "appinsights-dependencies.jsonl")))
        {
            buffer.Clear();
            Assert.True(parser.TryParse(System.Text.Encoding.UTF8.GetBytes(line), buffer, rejects, out var failure), failure.Message);
            foreach (var e in buffer.Span)
            {
                requests++;
                prompts += e.Metric == AiObsStream.Core.Events.MetricNames.ContentFilterPrompt ? 1 : 0;
            }
        }

        Assert.Empty(rejects);
        Assert.InRange(prompts / (double)requests, 0.01, 0.2); // 8 of 12 minutes at 5-15 % on chat-prod, a third of the calls
        Assert.Contains("\"resultSignature\":\"400\"", File.ReadAllText(Path.Combine(dir, "aoai-diagnostics.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_SameSeedTwice_SameBytes()
    {
        string a = NewDir(), b = NewDir();

        Invoke("--out", a, "--minutes", "2", "--rate-scale", "0.2", "--incident", "spend-spike@0");
        Invoke("--out", b, "--minutes", "2", "--rate-scale", "0.2", "--incident", "spend-spike@0");

        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "appinsights-dependencies.jsonl")), File.ReadAllBytes(Path.Combine(b, "appinsights-dependencies.jsonl")));
    }

    [Theory]
    [InlineData("--incident", "meltdown@2", "--incident")]
    [InlineData("--incident", "gpu-thermal@10", "--incident")]
    [InlineData("--incident", "gpu-thermal", "--incident")]
    [InlineData("--minutes", "0", "--minutes")]
    [InlineData("--minutes", "2000", "--minutes")]
    [InlineData("--rate-scale", "50", "--rate-scale")]
    [InlineData("--start", "yesterday", "--start")]
    public void Simulate_BadArgument_Exit1NamingOption(string option, string value, string named)
    {
        var (code, _, err) = Invoke("--out", NewDir(), "--minutes", option == "--minutes" ? value : "10", option, value);

        Assert.Equal(1, code);
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_MissingOut_Exit1()
    {
        var (code, _, err) = Invoke("--minutes", "2");

        Assert.Equal(1, code);
        Assert.Contains("--out", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--minutes", "2")]
    [InlineData("--load-ramp", "Ramp")]
    public void Simulate_OutIsAFile_Exit2NamingTheFolder(string option, string value)
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, _, err) = Invoke("--out", file, option, value);

            Assert.Equal(2, code);
            Assert.Contains($"--out: cannot write '{file}'", err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Simulate_LatencySigmaOutOfRange_Exit1NamingOption()
    {
        var (code, _, err) = Invoke("--out", NewDir(), "--minutes", "2", "--latency-sigma", "3");

        Assert.Equal(1, code);
        Assert.Contains("--latency-sigma", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_BimodalShapeAndNewKind_Exit0WithCauseInTruth()
    {
        string dir = NewDir();

        var (code, _, err) = Invoke("--out", dir, "--minutes", "3", "--rate-scale", "0.05", "--latency-shape", "Bimodal", "--incident", "gpu-ecc@1");

        Assert.True(code == 0, err);
        Assert.Contains("\"Cause\": \"gpu-hardware\"", File.ReadAllText(Path.Combine(dir, "ground-truth.json")), StringComparison.Ordinal);
    }
}
