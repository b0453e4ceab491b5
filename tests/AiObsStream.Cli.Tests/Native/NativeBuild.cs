using System.Diagnostics;
using TestData = AiObsStream.TestKit.TestData;

namespace AiObsStream.Cli.Tests.Native;

/// <summary>
/// The Native AOT build of the CLI (the default publish where clang is installed), published once per test run into a
/// temporary folder by <c>dotnet publish -p:AiobsNative=true</c> (a few minutes on a two-core machine).
/// </summary>
/// <remarks>
/// It fails, saying so, where clang is missing rather than skipping: tests/run.sh installs clang, and the native binary
/// is what a user gets from <c>dotnet publish</c>, so it must be tested where the suite runs.
/// </remarks>
public sealed class NativeBuild : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Publishes the native binary.</summary>
    public NativeBuild()
    {
        Folder = Directory.CreateTempSubdirectory("aiobs-native-").FullName;
        var clang = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, "clang")).FirstOrDefault(File.Exists);
        Assert.True(clang is not null, "clang not found on PATH: the Native AOT build needs it; `apt-get install clang` (tests/run.sh installs it)");

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestData.RepoRoot };
        foreach (var arg in new[] { "publish", Path.Combine("src", "AiObsStream.Cli"), "-c", "Release", "-p:AiobsNative=true", "-o", Path.Combine(Folder, "publish"), "--disable-build-servers", "-nologo", "-v", "q" })
        {
            psi.ArgumentList.Add(arg);
        }

        // The test host's MSBuild variables would point the child build at the test run's SDK resolution state.
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(name);
        }

        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(PublishTimeout), "dotnet publish -p:AiobsNative=true did not finish");
        PublishTime = clock.Elapsed;
        Binary = Path.Combine(Folder, "publish", "aiobs");
        Assert.True(p.ExitCode == 0 && File.Exists(Binary), $"dotnet publish -p:AiobsNative=true exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
    }

    /// <summary>The native executable.</summary>
    public string Binary { get; }

    /// <summary>How long the publish took.</summary>
    public TimeSpan PublishTime { get; }

    /// <summary>A temporary folder of the test run (removed at the end).</summary>
    public string Folder { get; }

    /// <summary>Runs the native binary with <paramref name="args"/> to its end.</summary>
    public (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "the native aiobs did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
