using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <content>The binary under test and the machine: the publish, what kind of binary it is, its runtime knobs, load and CPU.</content>
internal static partial class CliHarness
{
    /// <summary>`dotnet publish src/AiObsStream.Cli -c Release` (the project's own default publish) into the work folder.</summary>
    private static string? Publish(string work)
    {
        var root = RepositoryRoot();
        if (root is null)
        {
            Console.Error.WriteLine("cli harness: AiObsStream.sln not found above the current folder; pass --aiobs PATH");
            return null;
        }

        var output = Path.Combine(work, "publish");
        Console.Error.WriteLine($"publishing src/AiObsStream.Cli (Release) to {output}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        foreach (var a in new[] { "publish", Path.Combine(root, "src", "AiObsStream.Cli"), "-c", "Release", "-o", output, "-nologo", "-v", "q" })
        {
            start.ArgumentList.Add(a);
        }

        using var publish = Process.Start(start)!;
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            Console.Error.WriteLine($"cli harness: dotnet publish failed ({publish.ExitCode})");
            return null;
        }

        return ResolveExecutable(output);
    }

    private static string? ResolveExecutable(string path)
    {
        var exe = Directory.Exists(path) ? Path.Combine(path, "aiobs") : path;
        if (!File.Exists(exe))
        {
            Console.Error.WriteLine($"cli harness: no aiobs executable at {exe}");
            return null;
        }

        return exe;
    }

    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AiObsStream.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>ReadyToRun or JIT-only, read from the assembly's CLR header (a R2R image has a managed native header).</summary>
    private static string BinaryKind(string dll)
    {
        if (!File.Exists(dll))
        {
            return "single-file or native";
        }

        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        var r2r = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        var selfContained = File.Exists(Path.Combine(Path.GetDirectoryName(dll)!, "libcoreclr.so"));
        return (r2r ? "ReadyToRun" : "IL only (JIT)") + (selfContained ? ", self-contained" : ", framework-dependent");
    }

    private static string RuntimeKnobs(string runtimeConfig)
    {
        if (!File.Exists(runtimeConfig))
        {
            return "none";
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(runtimeConfig));
        if (!doc.RootElement.TryGetProperty("runtimeOptions", out var options) || !options.TryGetProperty("configProperties", out var properties))
        {
            return "defaults";
        }

        var knobs = properties.EnumerateObject()
            .Where(p => p.Name.Contains("Tiered", StringComparison.Ordinal) || p.Name.Contains("ReadyToRun", StringComparison.Ordinal) || p.Name.Contains("GC", StringComparison.Ordinal))
            .Select(p => $"{p.Name.Replace("System.Runtime.", string.Empty, StringComparison.Ordinal)}={p.Value}");
        var list = string.Join(", ", knobs);
        return list.Length == 0 ? "defaults" : list;
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string CpuModel()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return "unknown CPU";
    }
}
