using System.IO.Compression;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests;

/// <summary>Decompresses a committed trace (tests/data/NAME/*.gz) into a temp folder once per test class.</summary>
public static class TraceFiles
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Cache = [];

    /// <summary>The folder holding the plain files of the trace (aoai-diagnostics.jsonl, dcgm.prom, ...).</summary>
    public static string Folder(string trace)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(trace, out var dir))
            {
                return dir;
            }

            dir = Path.Combine(Path.GetTempPath(), "aiobs-tests-" + Environment.ProcessId, trace);
            Directory.CreateDirectory(dir);
            foreach (var gz in Directory.EnumerateFiles(TestData.Path(trace), "*.gz"))
            {
                using var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
                using var output = File.Create(Path.Combine(dir, Path.GetFileNameWithoutExtension(gz)));
                input.CopyTo(output);
            }

            File.Copy(TestData.Path(trace, "phases.json"), Path.Combine(dir, "phases.json"), overwrite: true);
            Cache[trace] = dir;
            return dir;
        }
    }

    /// <summary>The three inputs the trace checker expects a run over.</summary>
    public static string[] CheckerInputs(string trace)
    {
        var dir = Folder(trace);
        return [Path.Combine(dir, "aoai-diagnostics.jsonl"), Path.Combine(dir, "appinsights-dependencies.jsonl"), Path.Combine(dir, "dcgm.prom")];
    }
}
