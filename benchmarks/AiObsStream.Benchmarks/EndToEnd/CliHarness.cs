using System.Globalization;
using System.Text;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>
/// Measures the CLI as a user runs it (issue #12, "Measure like a user"): every figure is a fresh
/// <c>aiobs run -i FILE -o DIR -q</c> child process with the binary's own default settings, charged its user +
/// system CPU and peak RSS exactly (<see cref="ChildProcessUsage"/>: wait4 rusage of that child). Usage:
/// <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- cli [--aiobs PATH] [--runs N]
/// [--work DIR] [--only one,forty,gpu,series,startup]</c>. Without <c>--aiobs</c> the harness first runs
/// <c>dotnet publish src/AiObsStream.Cli -c Release</c> into the work folder, so it measures what a user installs.
/// Progress goes to stderr; stdout is one markdown table (paste it into the README).
/// Not a test: nothing in the test suite runs it.
/// </summary>
internal static partial class CliHarness
{
    /// <summary>Records in the AOAI workloads at size N (an hour of a busy deployment), as in issue #12.</summary>
    private const int AoaiN = 528_000;

    /// <summary>dcgm-exporter sample lines at size N: 12 scrapes of 5,000 GPUs × 10 fields.</summary>
    private const int GpuN = 600_000;

    private const int FleetGpus = 5_000;

    /// <summary>Deployments in the memory-per-series run (4 records each, one window).</summary>
    private const int SeriesDeployments = 5_000;

    private static readonly string[] AllParts = ["startup", "series", "one", "forty", "gpu"];

    public static int Run(string[] args)
    {
        string? aiobs = null;
        var runs = 1;
        var work = Path.Combine(Path.GetTempPath(), "aiobs-cli-harness");
        var parts = new HashSet<string>(AllParts, StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--aiobs" when i + 1 < args.Length:
                    aiobs = Path.GetFullPath(args[++i]);
                    break;
                case "--runs" when i + 1 < args.Length:
                    runs = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--work" when i + 1 < args.Length:
                    work = Path.GetFullPath(args[++i]);
                    break;
                case "--only" when i + 1 < args.Length:
                    parts = new HashSet<string>(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
                    break;
                default:
                    Console.Error.WriteLine($"cli harness: unknown argument '{args[i]}'. Usage: cli [--aiobs PATH] [--runs N] [--work DIR] [--only {string.Join(',', AllParts)}]");
                    return 2;
            }
        }

        if (parts.FirstOrDefault(p => !AllParts.Contains(p)) is { } unknown)
        {
            Console.Error.WriteLine($"cli harness: unknown part '{unknown}' in --only; known: {string.Join(',', AllParts)}");
            return 2;
        }

        Directory.CreateDirectory(work);
        var exe = aiobs is null ? Publish(work) : ResolveExecutable(aiobs);
        if (exe is null)
        {
            return 1;
        }

        var load0 = LoadAverage();
        var table = new List<string>();
        var session = new Session(exe, work);
        try
        {
            if (parts.Contains("startup"))
            {
                Startup(session, Math.Max(5, runs), table);
            }

            if (parts.Contains("series"))
            {
                SeriesMemory(session, runs, table);
            }

            if (parts.Contains("one"))
            {
                var walk = TokenWalk(CliWorkloads.AoaiStream(work, AoaiN, 1));
                Throughput(session, runs, "one deployment", "records", CliWorkloads.AoaiStream(work, AoaiN, 1), CliWorkloads.AoaiStream(work, 2 * AoaiN, 1), AoaiN, walk, table);
            }

            if (parts.Contains("forty"))
            {
                var walk = TokenWalk(CliWorkloads.AoaiStream(work, AoaiN, 40));
                Throughput(session, runs, "40 deployments", "records", CliWorkloads.AoaiStream(work, AoaiN, 40), CliWorkloads.AoaiStream(work, 2 * AoaiN, 40), AoaiN, walk, table);
            }

            if (parts.Contains("gpu"))
            {
                var fields = CliWorkloads.FieldsPerGpu;
                Throughput(session, runs, $"GPU fleet ({FleetGpus * fields / 1000} K series)", "lines", CliWorkloads.Dcgm(work, GpuN, FleetGpus, fields), CliWorkloads.Dcgm(work, 2 * GpuN, FleetGpus, fields), GpuN, null, table);
            }
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"cli harness: {e.Message}");
            return 1;
        }

        PrintTable(exe, runs, load0, table);
        return 0;
    }

    /// <summary>`aiobs --help` and a run over a 10-record file: process start, runtime start-up, JIT.</summary>
    private static void Startup(Session session, int runs, List<string> table)
    {
        var ten = CliWorkloads.AoaiStream(session.Work, 10, 1);
        var help = session.Repeat("start-up --help", runs, _ => ["--help"]);
        table.Add(Row("start-up", "`aiobs --help`", help, "—"));
        var run = session.Repeat("start-up 10 records", runs, o => ["run", "-i", ten, "-o", o, "-q"]);
        table.Add(Row("start-up", "`aiobs run` over 10 AOAI records", run, "—"));
    }

    /// <summary>
    /// Bytes per active series: (peak RSS of a one-window run with many series − peak RSS of the same run with one
    /// series) ÷ the series. Both files hold the same kind of input in one window, so runtime, code and buffers
    /// cancel; what remains is the per-series state (windows, sketches, detectors, dims) at its peak.
    /// </summary>
    private static void SeriesMemory(Session session, int runs, List<string> table)
    {
        var fields = CliWorkloads.FieldsPerGpu;
        var gpuSeries = FleetGpus * fields;
        var oneSeries = CliWorkloads.Dcgm(session.Work, 1, 1, 1);
        var fleet = CliWorkloads.Dcgm(session.Work, gpuSeries, FleetGpus, fields);
        var small = session.Repeat("series: 1 GPU series", runs, o => ["run", "-i", oneSeries, "-o", o, "-q"]);
        var large = session.Repeat($"series: {gpuSeries:N0} GPU series", runs, o => ["run", "-i", fleet, "-o", o, "-q"]);
        table.Add(Row("memory per series", $"dcgm: 1 scrape of {gpuSeries:N0} series ({FleetGpus:N0} GPUs × {fields} fields)", large,
            string.Create(CultureInfo.InvariantCulture, $"**{PerSeries(small, large, gpuSeries):N0}** bytes per GPU series (peak RSS − {Mb(Median(small, u => u.Usage.PeakRssBytes))} MB of a 1-series scrape) ÷ {gpuSeries:N0}; {Median(large, u => u.MetricRows):N0} metric rows")));

        var records = SeriesDeployments * 4;
        var oneDeployment = CliWorkloads.AoaiOneWindow(session.Work, records, 1);
        var many = CliWorkloads.AoaiOneWindow(session.Work, records, SeriesDeployments);
        var a = session.Repeat("series: 1 deployment", runs, o => ["run", "-i", oneDeployment, "-o", o, "-q"]);
        var b = session.Repeat($"series: {SeriesDeployments:N0} deployments", runs, o => ["run", "-i", many, "-o", o, "-q"]);
        var perDeployment = PerSeries(a, b, SeriesDeployments);
        var rowsPerDeployment = (Median(b, u => u.MetricRows) - Median(a, u => u.MetricRows)) / (double)SeriesDeployments;
        table.Add(Row("memory per series", $"AOAI: {records:N0} records over {SeriesDeployments:N0} deployments in one window", b,
            string.Create(CultureInfo.InvariantCulture, $"**{perDeployment:N0}** bytes per deployment (peak RSS − {Mb(Median(a, u => u.Usage.PeakRssBytes))} MB of the same records on 1 deployment) ÷ {SeriesDeployments:N0}; {rowsPerDeployment:0.#} metric series each → **{perDeployment / Math.Max(1, rowsPerDeployment):N0}** bytes per series")));
    }

    private static long PerSeries(List<Measured> small, List<Measured> large, int series)
        => (Median(large, u => u.Usage.PeakRssBytes) - Median(small, u => u.Usage.PeakRssBytes)) / series;

    /// <summary>Size N and 2N, interleaved run by run (so drifting machine load hits both); end to end and marginal.</summary>
    private static void Throughput(Session session, int runs, string name, string unit, string fileN, string file2N, int n, WalkResult? walk, List<string> table)
    {
        var small = new List<Measured>();
        var large = new List<Measured>();
        for (var r = 0; r < runs; r++)
        {
            small.AddRange(session.Repeat($"{name} N", 1, o => ["run", "-i", fileN, "-o", o, "-q"]));
            large.AddRange(session.Repeat($"{name} 2N", 1, o => ["run", "-i", file2N, "-o", o, "-q"]));
        }

        var sizeN = new FileInfo(fileN).Length;
        table.Add(Row(name, $"N = {n:N0} {unit} ({Mb(sizeN)} MB)", small, Rate(n, small)));
        table.Add(Row(name, $"2N = {2 * n:N0} {unit}", large, Rate(2 * n, large)));
        var minDelta = large.Min(m => m.Usage.CpuSeconds) - small.Min(m => m.Usage.CpuSeconds);
        var medianDelta = MedianD(large, m => m.Usage.CpuSeconds) - MedianD(small, m => m.Usage.CpuSeconds);
        var marginal = string.Create(CultureInfo.InvariantCulture, $"**{Kilo(n / minDelta)}** / {Kilo(n / medianDelta)} {unit} per CPU-s");
        if (walk is { } w)
        {
            marginal += string.Create(CultureInfo.InvariantCulture, $"; {n / minDelta / w.RecordsPerCpuSecond:P1} of the token walk");
        }

        table.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | marginal: (2N − N) {unit} ÷ (CPU(2N) − CPU(N)) | {runs} | {minDelta:0.00} / {medianDelta:0.00} | | | {marginal} |"));
        if (walk is { } tw)
        {
            table.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | `Utf8JsonReader` token walk over the N bytes (read in 8 MB chunks), one core, in the harness process | {tw.Rounds} | {tw.CpuSeconds:0.00} | {tw.WallSeconds:0.00} | | {Kilo(tw.RecordsPerCpuSecond)} records per CPU-s |"));
        }
    }

    private static string Rate(int n, List<Measured> runs)
        => string.Create(CultureInfo.InvariantCulture, $"**{Kilo(n / runs.Min(m => m.Usage.CpuSeconds))}** / {Kilo(n / MedianD(runs, m => m.Usage.CpuSeconds))} per CPU-s");

    private static string Row(string name, string input, List<Measured> runs, string figure)
        => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {input} | {runs.Count} | {runs.Min(m => m.Usage.CpuSeconds):0.00} / {MedianD(runs, m => m.Usage.CpuSeconds):0.00} | {runs.Min(m => m.Usage.WallSeconds):0.00} / {MedianD(runs, m => m.Usage.WallSeconds):0.00} | {Mb(runs.Min(m => m.Usage.PeakRssBytes))} / {Mb(Median(runs, m => m.Usage.PeakRssBytes))} | {figure} |");

    private static void PrintTable(string exe, int runs, string load0, List<string> table)
    {
        var dll = Path.Combine(Path.GetDirectoryName(exe)!, "aiobs.dll");
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"aiobs CLI harness, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {CpuModel()}, {Environment.ProcessorCount} cores, load average {load0} → {LoadAverage()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"binary: `{exe}` ({BinaryKind(dll)}; runtime config: {RuntimeKnobs(Path.Combine(Path.GetDirectoryName(exe)!, "aiobs.runtimeconfig.json"))})");
        text.AppendLine(CultureInfo.InvariantCulture, $"command: `dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- cli --runs {runs}`; each figure is a fresh `aiobs run -i FILE -o DIR -q` (or `aiobs --help`); CPU = user + system of that process (wait4 rusage), RSS = its peak (never below the harness's own, {HarnessPeakRss()} MB); min / median over the runs; **bold** = from the min");
        text.AppendLine();
        text.AppendLine("| workload | input | runs | CPU s (min / median) | wall s (min / median) | peak RSS MB (min / median) | figure |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var row in table)
        {
            text.AppendLine(row);
        }

        Console.Out.Write(text.ToString());
    }

    /// <summary>This process's own RSS high-water mark (VmHWM): the floor under every child's reported peak RSS.</summary>
    private static string HarnessPeakRss()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? "?" : (long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1000).ToString(CultureInfo.InvariantCulture);
    }

    private static long Median(List<Measured> runs, Func<Measured, long> value) => (long)MedianD(runs, r => value(r));

    private static double MedianD(List<Measured> runs, Func<Measured, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("N0", CultureInfo.InvariantCulture);

    private static string Kilo(double perSecond) => perSecond >= 1e6
        ? (perSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M"
        : (perSecond / 1e3).ToString("N0", CultureInfo.InvariantCulture) + " K";

    /// <summary>One child run: its usage and the metric rows it wrote (the active series of a one-window run).</summary>
    private readonly record struct Measured(ChildUsage Usage, long MetricRows);

    /// <summary>Runs the binary in fresh output folders under the work folder and reports each run on stderr.</summary>
    private sealed class Session(string exe, string work)
    {
        public string Work => work;

        public List<Measured> Repeat(string label, int runs, Func<string, string[]> argsFor)
        {
            var results = new List<Measured>();
            for (var r = 0; r < runs; r++)
            {
                // Per harness process: two harnesses sharing a work folder (and its cached inputs) must not delete
                // each other's output while a child writes it.
                var output = Path.Combine(work, $"out-{Environment.ProcessId}");
                if (Directory.Exists(output))
                {
                    Directory.Delete(output, recursive: true);
                }

                var stdout = output + ".stdout";
                var stderr = output + ".stderr";
                var usage = ChildProcessUsage.Run(exe, argsFor(output), stdout, stderr);
                if (usage.ExitCode != 0)
                {
                    var tail = File.ReadAllText(stderr);
                    throw new InvalidOperationException($"{label}: aiobs exited {usage.ExitCode}: {tail[Math.Max(0, tail.Length - 2000)..]}");
                }

                var metrics = Path.Combine(output, "metrics.jsonl");
                long rows = 0;
                if (File.Exists(metrics))
                {
                    rows = File.ReadLines(metrics).LongCount();
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label}: {usage.CpuSeconds:0.000} CPU-s ({usage.UserSeconds:0.000} user, {usage.SystemSeconds:0.000} sys), {usage.WallSeconds:0.000} s wall, {usage.PeakRssBytes / 1e6:0.0} MB peak RSS, {rows:N0} metric rows"));
                results.Add(new Measured(usage, rows));
                if (Directory.Exists(output))
                {
                    Directory.Delete(output, recursive: true);
                }
            }

            return results;
        }
    }
}
