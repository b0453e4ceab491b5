using System.Diagnostics;
using System.Globalization;
using AiObsStream.TestKit;

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
            var usage = ChildProcessUsage.Run(options.Aiobs, ["run", .. files, "--out", fileOut, "--quiet"],
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
        var fileRun = ChildProcessUsage.Run(options.Aiobs, ["run", .. FileInputs(options.Inputs).SelectMany(f => new[] { "-i", f.Path }), "--out", fileOut, "--quiet"],
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
