using System.Diagnostics;
using AiObsStream.Cli.Report;

namespace AiObsStream.Cli.Tests.Report;

/// <summary><c>aiobs report</c> and <c>aiobs run --report</c> on the command line: paths, errors, exit codes.</summary>
[Trait("Category", "Integration")]
public sealed class ReportCommandTests : IDisposable
{
    private readonly ReportFolder _f = new ReportFolder().Empty();

    public void Dispose() => _f.Dispose();

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
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

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
}
