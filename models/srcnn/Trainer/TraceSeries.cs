using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>
/// Per-second series derived from the real H100 trace (tests/data/h100-trace-a): the DCGM gauges as scraped every
/// second, and per-second request count, latency p95 and time-to-first-token p95 from requests.jsonl.
/// </summary>
internal static class TraceSeries
{
    private static readonly string[] Gauges =
    [
        "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_MEM_COPY_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_GPU_TEMP",
        "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_SM_CLOCK",
    ];

    /// <summary>The derived series (about 425 points each).</summary>
    public static IEnumerable<NamedSeries> Load(string traceDir)
    {
        var gauges = new Dictionary<string, List<float>>(StringComparer.Ordinal);
        foreach (string line in ReadGzipLines(Path.Combine(traceDir, "dcgm.prom.gz")))
        {
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            if (line.StartsWith('#') || brace < 0)
            {
                continue;
            }

            string name = line[..brace];
            if (Array.IndexOf(Gauges, name) < 0)
            {
                continue;
            }

            string[] tail = line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!gauges.TryGetValue(name, out List<float>? list))
            {
                gauges[name] = list = [];
            }

            list.Add(float.Parse(tail[0], CultureInfo.InvariantCulture));
        }

        foreach (string name in Gauges)
        {
            if (gauges.TryGetValue(name, out List<float>? list))
            {
                yield return new NamedSeries("h100-trace-a/" + name.Replace("DCGM_FI_DEV_", "", StringComparison.Ordinal).ToLowerInvariant(), [.. list]);
            }
        }

        foreach (NamedSeries s in RequestSeries(Path.Combine(traceDir, "requests.jsonl.gz")))
        {
            yield return s;
        }
    }

    private static List<NamedSeries> RequestSeries(string path)
    {
        var latency = new SortedDictionary<string, List<float>>(StringComparer.Ordinal);
        var ttft = new SortedDictionary<string, List<float>>(StringComparer.Ordinal);
        foreach (string line in ReadGzipLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            string second = root.GetProperty("timestamp").GetString()![..19];
            Add(latency, second, root, "latency_ms");
            Add(ttft, second, root, "ttft_ms");
        }

        var count = new List<float>();
        var p95 = new List<float>();
        var ttftP95 = new List<float>();
        foreach (KeyValuePair<string, List<float>> kv in latency)
        {
            count.Add(kv.Value.Count);
            p95.Add(Percentile95(kv.Value));
            ttftP95.Add(ttft.TryGetValue(kv.Key, out List<float>? t) && t.Count > 0 ? Percentile95(t) : 0f);
        }

        return
        [
            new("h100-trace-a/requests_per_s", [.. count]),
            new("h100-trace-a/latency_p95_ms", [.. p95]),
            new("h100-trace-a/ttft_p95_ms", [.. ttftP95]),
        ];
    }

    private static void Add(SortedDictionary<string, List<float>> buckets, string second, JsonElement root, string field)
    {
        if (!buckets.TryGetValue(second, out List<float>? list))
        {
            buckets[second] = list = [];
        }

        if (root.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Number)
        {
            list.Add((float)v.GetDouble());
        }
    }

    private static float Percentile95(List<float> values)
    {
        if (values.Count == 0)
        {
            return 0f;
        }

        values.Sort();
        int rank = (int)Math.Ceiling(0.95 * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }

    private static IEnumerable<string> ReadGzipLines(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is string line)
        {
            yield return line;
        }
    }
}
