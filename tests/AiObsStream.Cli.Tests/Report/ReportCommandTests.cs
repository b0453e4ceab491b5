using static AiObsStream.Cli.Tests.AiobsProcess;
using AiObsStream.Cli.Report;

namespace AiObsStream.Cli.Tests.Report;

/// <summary><c>aiobs report</c> and <c>aiobs run --report</c> on the command line: paths, errors, exit codes.</summary>
[Trait("Category", "Integration")]
public sealed class ReportCommandTests : IDisposable
{
    private readonly ReportFolder _f = new ReportFolder().Empty();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Report_WritesTheFileGivenAndPrintsItsPath()
    {
        var path = Path.Combine(_f.Dir, "sub", "r.html");
        var (code, stdout, _) = Run("report", "--from", _f.Dir, "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("Report: " + path, stdout.Trim());
        Assert.Contains("uPlot", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Report_NoSuchFolder_ExitsOneNamingIt()
    {
        var (code, _, stderr) = Run("report", "--from", Path.Combine(_f.Dir, "nope"));
        Assert.Equal(1, code);
        Assert.Contains("--from " + Path.Combine(_f.Dir, "nope") + ": no such folder", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunReport_WithKafka_IsRefusedNamingTheOption()
    {
        var (code, _, stderr) = Run("run", "--out", _f.Dir, "--kafka", "127.0.0.1:9092", "--topic", "t", "--report");
        Assert.Equal(1, code);
        Assert.Contains("--report: not for Kafka", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DefaultPath_IsBesideTheOutputs()
    {
        var path = ReportCommand.Write(_f.Dir);
        Assert.Equal(Path.Combine(_f.Dir, ReportCommand.FileName), path);
        Assert.True(new FileInfo(path).Length > 50_000); // the page with uPlot inlined, even for an empty run
    }

    [Fact]
    public void Report_WithConfig_DrawsTpmAgainstItsQuota_BadConfigExitsOneNamingTheSetting()
    {
        _f.Append("metrics.jsonl", ReportFolder.Row(0, "tokens_total", "AppInsights", "chat", "v1", ("Sum", 600), ("Rate", 600)));
        var config = Path.Combine(_f.Dir, "config.json");
        File.WriteAllText(config, """{ "quotas": { "chat": { "tpm": 1000 } } }""");
        var (code, _, _) = Run("report", "--from", _f.Dir, "--config", config);
        Assert.Equal(0, code);
        var html = File.ReadAllText(Path.Combine(_f.Dir, ReportCommand.FileName));
        Assert.Contains("\"label\":\"TPM quota\"", html, StringComparison.Ordinal);
        Assert.Contains("quota from --config " + config, html, StringComparison.Ordinal);

        File.WriteAllText(config, """{ "quotas": { "chat": { "tpm": "lots" } } }""");
        (code, _, var stderr) = Run("report", "--from", _f.Dir, "--config", config);
        Assert.Equal(1, code);
        Assert.Contains("quotas", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunReport_DrawsRpmAndTpmAgainstTheRunsConfiguredQuota()
    {
        var config = Path.Combine(_f.Dir, "config.json");
        File.WriteAllText(config, """{ "quotas": { "chat-prod": { "tpm": 450000 } } }""");
        var outDir = Path.Combine(_f.Dir, "out");
        var (code, _, stderr) = Run("run", "--out", outDir, "-q", "--report", "--config", config);
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(Path.Combine(outDir, ReportCommand.FileName));
        Assert.Contains("quota from the run&#39;s configuration", html, StringComparison.Ordinal);
        Assert.Contains("<td>chat-prod</td><td>450,000</td>", html, StringComparison.Ordinal);
    }
}
