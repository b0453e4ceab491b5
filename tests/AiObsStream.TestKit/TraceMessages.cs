using System.IO.Compression;
using System.Text;

namespace AiObsStream.TestKit;

/// <summary>
/// A committed trace cut into the messages a Kafka topic would carry: one message per Event Hubs body / log line, and
/// one message per dcgm-exporter scrape (the TYPE/HELP header plus every sample of one timestamp).
/// </summary>
public static class TraceMessages
{
    /// <summary>Topic name → messages in file order, for tests/data/<paramref name="trace"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<byte[]>> Load(string trace) => new Dictionary<string, IReadOnlyList<byte[]>>
    {
        ["aoai"] = Lines(TestData.Path(trace, "aoai-diagnostics.jsonl.gz")),
        ["deps"] = Lines(TestData.Path(trace, "appinsights-dependencies.jsonl.gz")),
        ["dcgm"] = Scrapes(TestData.Path(trace, "dcgm.prom.gz")),
    };

    /// <summary>Non-blank lines of a gzipped file.</summary>
    public static IReadOnlyList<byte[]> Lines(string gzPath)
    {
        var result = new List<byte[]>();
        foreach (var line in ReadLines(gzPath))
        {
            if (line.Trim().Length > 0)
            {
                result.Add(Encoding.UTF8.GetBytes(line));
            }
        }

        return result;
    }

    /// <summary>One message per scrape: samples grouped by their timestamp, each with the file's metadata header.</summary>
    public static IReadOnlyList<byte[]> Scrapes(string gzPath)
    {
        var header = new StringBuilder();
        var scrapes = new List<byte[]>();
        var current = new StringBuilder();
        string? currentTs = null;
        foreach (var line in ReadLines(gzPath))
        {
            if (line.StartsWith('#'))
            {
                header.Append(line).Append('\n');
                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var ts = line[(line.LastIndexOf(' ') + 1)..];
            if (currentTs is not null && ts != currentTs)
            {
                scrapes.Add(Encoding.UTF8.GetBytes(header + current.ToString()));
                current.Clear();
            }

            currentTs = ts;
            current.Append(line).Append('\n');
        }

        if (current.Length > 0)
        {
            scrapes.Add(Encoding.UTF8.GetBytes(header + current.ToString()));
        }

        return scrapes;
    }

    private static IEnumerable<string> ReadLines(string gzPath)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
