using System.Diagnostics;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>Headless Chromium (Debian's <c>chromium</c> package; tests/run.sh installs it) for the report's browser test.</summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The browser on PATH; fails the test, saying how to get one, when there is none.</summary>
    public static string Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in Names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail("chromium is not installed: the report's browser test needs it. tests/run.sh installs it with apt-get "
            + "(Debian's package chromium); or put chromium / chromium-browser on PATH.");
        return string.Empty;
    }

    /// <summary>Runs the browser headless on <paramref name="file"/> with extra arguments; returns stdout.</summary>
    public static async Task<string> RunAsync(string file, string profileDir, params string[] args)
    {
        var psi = new ProcessStartInfo(Find()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=" + profileDir, "--virtual-time-budget=15000", .. args, new Uri(file).AbsoluteUri])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 180 s: " + await stderr);
        }

        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
