using System.Text.Json;
using AiObsStream.Kafka;
using Confluent.Kafka;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <content>What a check compares: final metric rows against file mode, and the alert topic against the outputs.</content>
internal static partial class ScaleOutHarness
{
    private static List<string> CompareMetrics(SortedDictionary<string, string> expected, string outDir)
    {
        var problems = new List<string>();
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in Directory.Exists(outDir) ? Directory.GetDirectories(outDir) : [])
        {
            var path = Path.Combine(task, "metrics.jsonl");
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var (key, row) in FinalRows(path))
            {
                if (!actual.TryAdd(key, row))
                {
                    problems.Add("row written by two tasks: " + key);
                }
            }
        }

        var missing = expected.Keys.Except(actual.Keys).ToList();
        var extra = actual.Keys.Except(expected.Keys).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            problems.Add($"{missing.Count} rows missing (e.g. {string.Join("; ", missing.Take(3))}), {extra.Count} extra (e.g. {string.Join("; ", extra.Take(3))})");
        }

        var differing = expected.Where(e => actual.TryGetValue(e.Key, out var a) && !Same(e.Value, a)).ToList();
        if (differing.Count > 0)
        {
            var byMetric = string.Join(", ", differing.GroupBy(d => d.Key[..d.Key.IndexOf('|', StringComparison.Ordinal)]).Select(g => $"{g.Key}: {g.Count()}"));
            problems.Add($"{differing.Count} of {expected.Count} rows differ ({byMetric}); first:\n  {differing[0].Value}\n  {actual[differing[0].Key]}");
        }

        return problems.Take(5).ToList();
    }

    private static async Task<List<string>> CheckAlertTopicAsync(string bootstrap, string outDir, List<string> expectedIncidents)
    {
        var problems = new List<string>();
        var settings = new KafkaSettings { BootstrapServers = bootstrap, Topics = ["alerts"], GroupId = "so-check", DeliveryTimeout = TimeSpan.FromSeconds(60) };
        var incidents = await AlertTopicReader.ReadIncidentsAsync(settings, "alerts", null, CancellationToken.None);
        var repeated = incidents.GroupBy(i => i.Id).Where(g => g.Count() > 1).ToList();
        if (repeated.Count > 0)
        {
            problems.Add($"{repeated.Count} incident state changes published more than once, e.g. {repeated[0].Key} x{repeated[0].Count()}");
        }

        var lines = TaskFiles(outDir, "incidents.jsonl").SelectMany(File.ReadLines).ToList();
        if (lines.Count != incidents.Count)
        {
            problems.Add($"incidents: {incidents.Count} state changes on the alert topic, {lines.Count} incidents.jsonl lines");
        }

        // Which incidents exist (each opened once) must match file mode; how many Updated events an incident gets depends
        // on how far the watermark moves per step (the correlator emits at most one Updated per settle), so it is reported, not failed.
        var opened = incidents.Where(i => i.Status == Core.Incidents.IncidentStatus.Open).Select(i => i.IncidentId).Order(StringComparer.Ordinal).ToList();
        var expectedOpened = expectedIncidents.Where(l => l.Contains("\"Status\":\"Open\"", StringComparison.Ordinal)).Select(IncidentIdOf).Order(StringComparer.Ordinal).ToList();
        if (!opened.SequenceEqual(expectedOpened))
        {
            problems.Add($"incidents opened on the alert topic [{string.Join(", ", opened)}], file mode [{string.Join(", ", expectedOpened)}]");
        }
        else if (lines.Count != expectedIncidents.Count)
        {
            Console.WriteLine($"  note: {lines.Count} incident state changes, file mode {expectedIncidents.Count} (same incidents, different Updated count)");
        }

        var firing = ReadAll(bootstrap, "alerts").Select(v => JsonDocument.Parse(v).RootElement)
            .Where(e => e.TryGetProperty("type", out var t) && t.GetString()!.EndsWith(".firing", StringComparison.Ordinal))
            .GroupBy(e => e.GetProperty("subject").GetString()).Where(g => g.Count() > 1).ToList();
        if (firing.Count > 0)
        {
            problems.Add($"{firing.Count} alerts announced Firing more than once, e.g. {firing[0].Key} x{firing[0].Count()}");
        }

        if (problems.Count > 0)
        {
            // The broker goes with the run: keep what the topic carried next to the run's outputs for the diagnosis.
            await File.WriteAllLinesAsync(Path.Combine(Path.GetDirectoryName(outDir)!, "alert-topic.jsonl"),
                ReadAll(bootstrap, "alerts").Select(v => System.Text.Encoding.UTF8.GetString(v)));
        }

        return problems;
    }

    private static IEnumerable<string> TaskFiles(string outDir, string name) =>
        Directory.Exists(outDir) ? Directory.GetDirectories(outDir).Select(t => Path.Combine(t, name)).Where(File.Exists) : [];

    private static string IncidentIdOf(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("IncidentId").GetString()!;
    }

    private static List<byte[]> ReadAll(string bootstrap, string topic, int partitions = 2)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "so-read", EnableAutoCommit = false, EnablePartitionEof = true };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        var ends = new Dictionary<int, long>();
        for (var p = 0; p < partitions; p++)
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)).High.Value;
            if (high > 0)
            {
                ends[p] = high;
            }
        }

        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var result = new List<byte[]>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (ends.Count > 0)
        {
            var r = consumer.Consume(cts.Token);
            if (r.IsPartitionEOF)
            {
                ends.Remove(r.Partition.Value);
                continue;
            }

            result.Add(r.Message.Value);
            if (r.Offset.Value + 1 >= ends[r.Partition.Value])
            {
                ends.Remove(r.Partition.Value);
            }
        }

        return result;
    }

    /// <summary>Final metric rows by metric + window + dimensions, ingestion-health rows excluded, revision removed.</summary>
    private static SortedDictionary<string, string> FinalRows(string metricsPath)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(metricsPath))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var metric = r.GetProperty("Metric").GetString()!;
            if (metric.StartsWith("ingest_", StringComparison.Ordinal))
            {
                continue;
            }

            var key = string.Join('|', metric, Text(r, "WindowStart"), Text(r, "Source"), Text(r, "Deployment"),
                Text(r, "ModelVersion"), Text(r, "Operation"), Text(r, "Host"), Text(r, "Gpu"));
            rows[key] = RevisionField().Replace(line, string.Empty);
        }

        return rows;
    }

    private static bool Same(string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return true;
        }

        using var a = JsonDocument.Parse(expected);
        using var b = JsonDocument.Parse(actual);
        var left = a.RootElement.EnumerateObject().ToList();
        var right = b.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Name, out var v) && Same(p.Name, p.Value, v));
    }

    private static bool Same(string name, JsonElement x, JsonElement y)
    {
        if (x.ValueKind != JsonValueKind.Number || y.ValueKind != JsonValueKind.Number || name == "Count")
        {
            return x.ValueKind == y.ValueKind && string.Equals(x.GetRawText(), y.GetRawText(), StringComparison.Ordinal);
        }

        var (p, q) = (x.GetDouble(), y.GetDouble());
        return Math.Abs(p - q) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(p), Math.Abs(q)));
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : string.Empty;
}
