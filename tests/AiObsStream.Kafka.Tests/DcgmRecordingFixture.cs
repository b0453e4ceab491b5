using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// The recording of <see cref="TransportEquivalenceTests"/>, written once as a folder of capture files (one per scrape,
/// modified at its capture time, as a capture tool leaves them) and run once in file mode: the reference rows.
/// </summary>
public sealed class DcgmRecordingFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-dcgm-rec-" + Guid.NewGuid().ToString("N"));

    internal DcgmRecordingData Recording { get; } = DcgmRecording.Generate(seed: 20261121, minutes: 15);

    /// <summary>File-mode final rows, ingestion health excluded.</summary>
    internal SortedDictionary<string, string> FileRows { get; private set; } = [];

    /// <summary>Engine settings shared by every transport.</summary>
    internal static StreamEngine NewEngine() => new(new EngineOptions { Partitions = 2 });

    public async Task InitializeAsync()
    {
        var captures = Path.Combine(_root, "captures");
        Directory.CreateDirectory(captures);
        var files = new List<string>();
        for (var i = 0; i < Recording.Scrapes.Count; i++)
        {
            var scrape = Recording.Scrapes[i];
            var path = Path.Combine(captures, FormattableString.Invariant($"{i:D5}-{scrape.Host}.prom"));
            await File.WriteAllBytesAsync(path, scrape.Body);
            File.SetLastWriteTimeUtc(path, DateTimeOffset.FromUnixTimeMilliseconds(scrape.CapturedUnixMs).UtcDateTime);
            files.Add(path);
        }

        var outDir = Path.Combine(_root, "files");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            await NewEngine().RunAsync(files, sink, CancellationToken.None);
        }

        FileRows = TraceComparison.FinalRows(Path.Combine(outDir, "metrics.jsonl"));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
