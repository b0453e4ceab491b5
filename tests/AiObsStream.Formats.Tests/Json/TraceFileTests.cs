using System.IO.Compression;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>Parses the real H100 trace (gzipped .jsonl, one body or log line per line).</summary>
public class TraceFileTests
{
    private static (int Events, int Rejected, List<ParseError> Failures, HashSet<ulong> Keys) ParseFile(
        IUnitParser parser, params string[] path)
    {
        using var file = new GZipStream(File.OpenRead(TestData.Path(path)), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        file.CopyTo(memory);
        var bytes = memory.ToArray().AsSpan();
        using var buffer = new EventBuffer();
        var rejects = new List<ParseError>();
        var failures = new List<ParseError>();
        var keys = new HashSet<ulong>();
        var events = 0;
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? default : bytes[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            buffer.Clear();
            if (!parser.TryParse(line, buffer, rejects, out var failure))
            {
                failures.Add(failure);
            }

            events += buffer.Count;
            foreach (var e in buffer.Span)
            {
                keys.Add(e.DedupKey);
            }
        }

        return (events, rejects.Count, failures, keys);
    }

    [Fact]
    public void AoaiDiagnostics_CleanTrace_AllRecordsNoRejects()
    {
        using var parser = new EventHubsBodyParser();

        var (events, rejected, failures, keys) = ParseFile(parser, "h100-trace-a", "aoai-diagnostics.jsonl.gz");

        Assert.Equal(5013, events);
        Assert.Equal(0, rejected);
        Assert.Empty(failures);
        Assert.Equal(5013, keys.Count);
    }

    [Fact]
    public void AoaiDiagnostics_DirtyTrace_ExactlyTheFiveBadBodiesRejected()
    {
        using var parser = new EventHubsBodyParser();

        var (events, rejected, failures, keys) = ParseFile(parser, "h100-trace-a-dirty", "aoai-diagnostics.jsonl.gz");

        Assert.Equal(0, rejected);
        Assert.Equal(5, failures.Count);
        Assert.Equal(3, failures.Count(f => f.Reason == RejectReason.Malformed));
        Assert.Equal(2, failures.Count(f => f.Message == "records: expected an array, found a string"));
        Assert.Equal(4981, events);
        Assert.True(keys.Count < events, "duplicated records share a dedup key");
    }

    [Fact]
    public void AppInsightsDependencies_CleanTrace_AllRecordsWithModelDims()
    {
        using var parser = new EventHubsBodyParser();

        var (events, rejected, failures, keys) = ParseFile(parser, "h100-trace-a", "appinsights-dependencies.jsonl.gz");

        Assert.Equal(5013, events);
        Assert.Equal(0, rejected);
        Assert.Empty(failures);
        Assert.Equal(5013, keys.Count);
    }

    [Fact]
    public void AppInsightsDependencies_DirtyTrace_FiveBodiesRejected()
    {
        using var parser = new EventHubsBodyParser();

        var (events, _, failures, _) = ParseFile(parser, "h100-trace-a-dirty", "appinsights-dependencies.jsonl.gz");

        Assert.Equal(5, failures.Count);
        Assert.Equal(4956, events);
    }

    [Fact]
    public void Requests_StructuredLog_AllLinesParsed()
    {
        using var parser = new StructuredLogParser();

        var (events, _, failures, keys) = ParseFile(parser, "h100-trace-a", "requests.jsonl.gz");

        Assert.Empty(failures);
        Assert.Equal(5013, events);
        Assert.Equal(5013, keys.Count);
    }
}
