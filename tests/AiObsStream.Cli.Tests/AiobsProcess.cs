using System.Diagnostics;

namespace AiObsStream.Cli.Tests;

/// <summary>The CLI (the <c>aiobs.dll</c> built beside the tests) run as a child process through <c>dotnet</c>.</summary>
internal static class AiobsProcess
{
    /// <summary>How long one run may take before the test fails (generous: a loaded two-core CI machine).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Starts aiobs with <paramref name="args"/>, its output and error redirected: the caller reads both.</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aiobs.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    /// <summary>Runs aiobs to its end and returns its exit code, output and error output.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(Timeout), "aiobs did not finish");
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs aiobs, which must exit 0 (the test fails with its error output otherwise), and returns its output.</summary>
    public static string RunOk(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"aiobs {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }
}
