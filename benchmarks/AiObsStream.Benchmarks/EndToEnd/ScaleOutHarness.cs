using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiObsStream.Kafka;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>
/// Scale-out through the CLI against the loopback broker, for inputs the suite does not carry (e.g. <c>aiobs simulate</c>
/// folders). Every run starts a fresh broker, produces the folder's files without a key into topics of 8 partitions (one
/// message per line / Event Hubs body, one per dcgm scrape with its TYPE/HELP header), then:
/// <list type="bullet">
/// <item><c>check</c>: runs N processes with <c>--scale-out</c>, SIGKILLs one once some task has checkpointed records,
/// starts one back, waits for all to stop idle, and compares the union of the tasks' final metrics with a file-mode run
/// of the same files (row for row, ingestion-health rows aside, floats to 1e-12 relative), and checks that each raw alert
/// fired once and each incident was announced once on the alert topic. Exit 1 on any difference.</item>
/// <item><c>throughput</c>: times 1, 2, 3 ... processes draining the same records (no kill): wall seconds to the last exit
/// less the idle wait, records/s, and the processes' CPU seconds (user + system from wait4).</item>
/// </list>
/// Usage: <c>-- scale-out check --inputs DIR [--processes 3] [--runs 5] [--no-kill] [--aiobs PATH] [--work DIR]</c>;
/// <c>-- scale-out throughput --inputs DIR [--processes 1,2,3] [--aiobs PATH] [--work DIR]</c>.
/// </summary>
internal static partial class ScaleOutHarness
{
    private const string Group = "so";
    private const int Partitions = 8;
    private static readonly TimeSpan StopWhenIdle = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "check";
        var options = Options.Parse(args.Length > 0 ? args[1..] : []);
        Directory.CreateDirectory(options.Work);
        var messages = Load(options.Inputs);
        var records = messages.Sum(t => t.Value.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# scale-out {mode}: {options.Inputs}: {string.Join(", ", messages.Select(m => $"{m.Key} {m.Value.Count:N0}"))} messages; {Environment.ProcessorCount} cores; aiobs {options.Aiobs}"));
        return mode switch
        {
            "check" => await CheckAsync(options, messages),
            "throughput" => await ThroughputAsync(options, messages),
            _ => throw new ArgumentException("scale-out: expected check or throughput, got " + mode),
        };
    }

    private static async Task<int> CheckAsync(Options options, Dictionary<string, List<byte[]>> messages)
    {
        var fileOut = Path.Combine(options.Work, "file");
        if (!File.Exists(Path.Combine(fileOut, "metrics.jsonl")))
        {
            var files = FileInputs(options.Inputs).SelectMany(f => new[] { "-i", f.Path });
            var usage = ChildProcessUsage.Run(options.Aiobs, [.. new[] { "run" }, .. files, "--out", fileOut, "--quiet"],
                Path.Combine(options.Work, "file.out"), Path.Combine(options.Work, "file.err"));
            if (usage.ExitCode != 0)
            {
                throw new InvalidOperationException("file-mode run failed: " + File.ReadAllText(Path.Combine(options.Work, "file.err")));
            }
        }

        var expected = FinalRows(Path.Combine(fileOut, "metrics.jsonl"));
        var expectedIncidents = File.ReadLines(Path.Combine(fileOut, "incidents.jsonl")).ToList();
        var failures = 0;
        for (var run = 0; run < options.Runs; run++)
        {
            var dir = Path.Combine(options.Work, "run-" + run.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            var clock = Stopwatch.StartNew();
            using var broker = await StartBrokerAsync(messages.Keys);
            await ProduceAsync(broker.BootstrapServers, messages);
            var state = Path.Combine(dir, "state");
            var outDir = Path.Combine(dir, "out");
            var processes = Enumerable.Range(0, options.Processes).Select(i => Start(options, broker.BootstrapServers, state, outDir, dir, i, messages.Keys)).ToList();
            var problems = new List<string>();
            var killed = "no kill";
            try
            {
                if (options.Kill)
                {
                    var since = Stopwatch.StartNew();
                    while (!AnyTaskCheckpointed(state) && processes.Any(p => !p.HasExited) && since.Elapsed < TimeSpan.FromMinutes(3))
                    {
                        await Task.Delay(100);
                    }

                    if (processes.FirstOrDefault(p => !p.HasExited) is { } victim)
                    {
                        victim.Kill(entireProcessTree: true);
                        await victim.WaitForExitAsync();
                        killed = string.Create(CultureInfo.InvariantCulture, $"killed one at {clock.Elapsed.TotalSeconds:0.0} s");
                        processes.Remove(victim);
                        processes.Add(Start(options, broker.BootstrapServers, state, outDir, dir, options.Processes, messages.Keys));
                    }
                    else
                    {
                        killed = "every process stopped before any task checkpointed: no kill";
                    }
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                foreach (var p in processes)
                {
                    await p.WaitForExitAsync(timeout.Token);
                    if (p.ExitCode != 0)
                    {
                        problems.Add($"process {p.Id} exited {p.ExitCode}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                problems.Add("processes still running after 10 minutes");
            }
            finally
            {
                foreach (var p in processes.Where(p => !p.HasExited))
                {
                    p.Kill(entireProcessTree: true);
                }
            }

            problems.AddRange(CompareMetrics(expected, outDir));
            problems.AddRange(await CheckAlertTopicAsync(broker.BootstrapServers, outDir, expectedIncidents));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {clock.Elapsed.TotalSeconds:0.0} s, {killed}: {(problems.Count == 0 ? "OK" : "FAIL " + string.Join(" | ", problems))}"));
            if (problems.Count == 0)
            {
                Directory.Delete(dir, recursive: true);
            }
            else
            {
                failures++;
            }
        }

        Console.WriteLine($"# {options.Runs - failures} of {options.Runs} runs exact");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> ThroughputAsync(Options options, Dictionary<string, List<byte[]>> messages)
    {
        // The same files through file mode (one process, no broker): the records count and the single-engine reference.
        var fileOut = Path.Combine(options.Work, "tp-file");
        var fileRun = ChildProcessUsage.Run(options.Aiobs, [.. new[] { "run" }, .. FileInputs(options.Inputs).SelectMany(f => new[] { "-i", f.Path }), "--out", fileOut, "--quiet"],
            Path.Combine(options.Work, "tp-file.out"), Path.Combine(options.Work, "tp-file.err"));
        var processed = ProcessedRecords().Match(File.ReadAllText(Path.Combine(options.Work, "tp-file.out")));
        var records = processed.Success ? long.Parse(processed.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {records:N0} records in {messages.Sum(m => m.Value.Count):N0} messages; load average at start {LoadAverage()}"));
        Console.WriteLine("processes | wall s (less idle wait) | records/s | CPU s (all aiobs processes) | records/CPU-s | exit@wall per process");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"file mode | {fileRun.WallSeconds:0.0} | {records / fileRun.WallSeconds:N0} | {fileRun.CpuSeconds:0.0} | {records / fileRun.CpuSeconds:N0} | {fileRun.ExitCode}"));
        foreach (var n in options.ProcessCounts)
        {
            var dir = Path.Combine(options.Work, "tp-" + n.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            using var broker = await StartBrokerAsync(messages.Keys);
            await ProduceAsync(broker.BootstrapServers, messages);
            var args = Enumerable.Range(0, n).Select(i => CliArgs(broker.BootstrapServers, Path.Combine(dir, "state"), Path.Combine(dir, "out"), messages.Keys)).ToList();
            Directory.CreateDirectory(dir);
            var clock = Stopwatch.StartNew();
            var runs = args.Select((a, i) => Task.Run(() => ChildProcessUsage.Run(options.Aiobs, a,
                Path.Combine(dir, $"p{i}.out"), Path.Combine(dir, $"p{i}.err")))).ToList();
            var usages = await Task.WhenAll(runs);
            var wall = usages.Max(u => u.WallSeconds) - IdleWait.TotalSeconds;
            var cpu = usages.Sum(u => u.CpuSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n} | {wall:0.0} | {records / wall:N0} | {cpu:0.0} | {records / cpu:N0} | {string.Join(" ", usages.Select(u => $"{u.ExitCode}@{u.WallSeconds:0.0}s"))}; load {LoadAverage()}"));
            if (usages.Any(u => u.ExitCode != 0))
            {
                return 1;
            }

            if (n == options.ProcessCounts[0])
            {
                // Repartition sizing: what the hop adds to the broker, against the input itself.
                var hop = ReadAll(broker.BootstrapServers, Group + "-aiobs-repartition", Partitions);
                var punctuations = hop.Count(v => v.Length > 1 && v[1] == 2); // EnvelopeKind.Punctuation
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# repartition topic: {hop.Count:N0} messages ({punctuations:N0} punctuations), {hop.Sum(v => (long)v.Length) / 1e6:0.00} MB (input {messages.Sum(m => m.Value.Count):N0} messages, " +
                    $"{messages.Sum(m => m.Value.Sum(v => (long)v.Length)) / 1e6:0.00} MB; {records:N0} records: {hop.Sum(v => (long)v.Length) / (double)Math.Max(1, records):0} bytes per record on the hop)"));
            }
        }

        return 0;
    }

    /// <summary>What an idle stop waits after the last record: the source idle timeout (2 s) then --stop-when-idle.</summary>
    private static TimeSpan IdleWait => TimeSpan.FromSeconds(2) + StopWhenIdle;

    private static Task<KafkaMockBroker> StartBrokerAsync(IEnumerable<string> topics) =>
        KafkaMockBroker.StartAsync([.. topics.Select(t => (t, Partitions)), (Group + "-aiobs-repartition", Partitions), ("alerts", 2)]);

    private static Process Start(Options options, string bootstrap, string state, string outDir, string dir, int index, IEnumerable<string> topics)
    {
        Directory.CreateDirectory(dir);
        var start = new ProcessStartInfo(options.Aiobs) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in CliArgs(bootstrap, state, outDir, topics))
        {
            start.ArgumentList.Add(a);
        }

        var p = Process.Start(start) ?? throw new InvalidOperationException("aiobs did not start");
        var log = Path.Combine(dir, $"p{index}.log");
        _ = Task.Run(async () => await File.WriteAllTextAsync(log, await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync()));
        return p;
    }

    private static List<string> CliArgs(string bootstrap, string state, string outDir, IEnumerable<string> topics) =>
    [
        "run", "--kafka", bootstrap, .. topics.SelectMany(t => new[] { "--topic", t }), "--group", Group, "--scale-out",
        "--alerts-topic", "alerts", "--publish-raw-alerts", "--state", state, "--out", outDir, "--checkpoint-interval", "300ms",
        "--partitions", "1", "--stop-when-idle", "3s", "--session-timeout", "9s", "--quiet", "--listen", "none",
    ];

    private static bool AnyTaskCheckpointed(string state)
    {
        var own = Path.Combine(state, "own");
        if (!Directory.Exists(own))
        {
            return false;
        }

        foreach (var task in Directory.GetDirectories(own))
        {
            try
            {
                if (new Pipeline.Checkpoints.CheckpointStore(task).TryLoad(out _) is { } c && c.Offsets.Keys.Any(k => k.Contains("#o:", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // being replaced right now
            }
        }

        return false;
    }

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

    private static async Task<long> ProduceAsync(string bootstrap, Dictionary<string, List<byte[]>> messages)
    {
        _ = KafkaNative.Version;
        var config = new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 };
        using var producer = new ProducerBuilder<Null, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        long failed = 0;
        long count = 0;
        foreach (var (topic, list) in messages)
        {
            foreach (var m in list)
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, new Message<Null, byte[]> { Value = m }, r =>
                        {
                            if (r.Error.IsError)
                            {
                                Interlocked.Increment(ref failed);
                            }
                        });
                        break;
                    }
                    catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(50));
                    }
                }

                count++;
            }
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(5)));
        return failed == 0 ? count : throw new InvalidOperationException($"{failed} messages were not delivered");
    }

    /// <summary>Topic → messages for the folder's inputs (aoai, deps, evals, dcgm; file order).</summary>
    private static Dictionary<string, List<byte[]>> Load(string folder)
    {
        var result = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        foreach (var (topic, path) in FileInputs(folder))
        {
            result[topic] = topic == "dcgm" ? Scrapes(path) : [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(Encoding.UTF8.GetBytes)];
        }

        return result;
    }

    private static IEnumerable<(string Topic, string Path)> FileInputs(string folder)
    {
        foreach (var (topic, name) in new[] { ("aoai", "aoai-diagnostics.jsonl"), ("deps", "appinsights-dependencies.jsonl"), ("evals", "appinsights-evaluations.jsonl"), ("dcgm", "dcgm.prom") })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                yield return (topic, path);
            }
        }
    }

    /// <summary>One message per scrape: the samples of one timestamp, each with the file's TYPE/HELP header.</summary>
    private static List<byte[]> Scrapes(string path)
    {
        var header = new StringBuilder();
        var scrapes = new List<byte[]>();
        var current = new StringBuilder();
        string? ts = null;
        foreach (var line in File.ReadLines(path))
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

            var t = line[(line.LastIndexOf(' ') + 1)..];
            if (ts is not null && t != ts)
            {
                scrapes.Add(Encoding.UTF8.GetBytes(header + current.ToString()));
                current.Clear();
            }

            ts = t;
            current.Append(line).Append('\n');
        }

        if (current.Length > 0)
        {
            scrapes.Add(Encoding.UTF8.GetBytes(header + current.ToString()));
        }

        return scrapes;
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

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    [System.Text.RegularExpressions.GeneratedRegex(@"Processed ([\d,]+) records")]
    private static partial System.Text.RegularExpressions.Regex ProcessedRecords();

    [System.Text.RegularExpressions.GeneratedRegex("\"Revision\":\\d+,")]
    private static partial System.Text.RegularExpressions.Regex RevisionField();

    private sealed record Options(string Inputs, string Aiobs, string Work, int Processes, int[] ProcessCounts, int Runs, bool Kill)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            var inputs = Value("--inputs") ?? throw new ArgumentException("scale-out: --inputs DIR (an aiobs simulate folder) is required");
            var aiobs = Value("--aiobs") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/AiObsStream.Cli/bin/Release/net10.0/aiobs"));
            var work = Value("--work") ?? Path.Combine(Path.GetTempPath(), "aiobs-scaleout-" + Path.GetFileName(Path.GetFullPath(inputs)));
            var counts = (Value("--processes") ?? "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var runs = int.Parse(Value("--runs") ?? "5", CultureInfo.InvariantCulture);
            return new Options(Path.GetFullPath(inputs), aiobs, work, counts.Length == 1 ? counts[0] : 3, counts, runs, !args.Contains("--no-kill"));
        }
    }
}
