using System.IO.Compression;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Prometheus;
using AiObsStream.TestKit;

namespace AiObsStream.Core.Tests.State;

/// <summary>
/// The committed H100 trace as one event stream in time order: the dirty AOAI diagnostics (duplicates included), the
/// App Insights dependencies and the dcgm scrapes (about 15k events over 7 minutes).
/// </summary>
internal static class TraceEvents
{
    private static readonly Lazy<TelemetryEvent[]> Cached = new(Load);

    public static TelemetryEvent[] All => Cached.Value;

    private static TelemetryEvent[] Load()
    {
        var events = new List<TelemetryEvent>();
        using (var json = new EventHubsBodyParser())
        {
            ParseLines(json, events, "h100-trace-a-dirty", "aoai-diagnostics.jsonl.gz");
            ParseLines(json, events, "h100-trace-a", "appinsights-dependencies.jsonl.gz");
        }

        using var buffer = new EventBuffer();
        var prometheus = new PrometheusUnitParser();
        Assert.True(prometheus.TryParse(Read("h100-trace-a", "dcgm.prom.gz"), buffer, [], out var failure), failure.Message);
        events.AddRange(buffer.Span.ToArray());
        return [.. events.OrderBy(e => e.TimeUnixMs)]; // stable: ties keep input order
    }

    private static void ParseLines(EventHubsBodyParser parser, List<TelemetryEvent> events, params string[] path)
    {
        ReadOnlySpan<byte> bytes = Read(path);
        using var buffer = new EventBuffer();
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? default : bytes[(end + 1)..];
            buffer.Clear();
            if (!line.IsEmpty && parser.TryParse(line, buffer, [], out _))
            {
                events.AddRange(buffer.Span.ToArray());
            }
        }
    }

    private static byte[] Read(params string[] path)
    {
        using var gz = new GZipStream(File.OpenRead(TestData.Path(path)), CompressionMode.Decompress);
        using var copy = new MemoryStream();
        gz.CopyTo(copy);
        return copy.ToArray();
    }
}
