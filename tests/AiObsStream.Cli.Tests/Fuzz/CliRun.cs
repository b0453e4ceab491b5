using System.Globalization;
using System.Text.Json;

namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>One <c>aiobs run</c> as a process, with its outputs read back: metric rows by Deployment, dead letters.</summary>
internal sealed class CliRun
{
    /// <summary>Metrics that count each event once (one request, one GPU sample): their Counts sum to the events counted.</summary>
    private static readonly HashSet<string> CountMetrics =
        new(["requests", "gpu_util", "mem_copy_util", "gpu_temp_c", "power_w", "sm_clock_mhz"], StringComparer.Ordinal);

    private CliRun(int exitCode, string stdout, string stderr)
    {
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
    }

    public int ExitCode { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    /// <summary>Metric rows (the JSON text, for exact comparison) by Deployment.</summary>
    public Dictionary<string, List<string>> Rows { get; } = new(StringComparer.Ordinal);

    /// <summary>Events counted per Deployment (sum of Count over <see cref="CountMetrics"/>).</summary>
    public Dictionary<string, double> Counted { get; } = new(StringComparer.Ordinal);

    public List<DeadLetterRow> DeadLetters { get; } = [];

    public static CliRun Start(string outDir, IEnumerable<string> inputs)
    {
        var (code, stdout, stderr) = AiobsProcess.Run(["run", "--out", outDir, "-q", "--partitions", "2", .. inputs.SelectMany(i => (string[])["--input", i])]);
        var run = new CliRun(code, stdout, stderr);
        run.Read(outDir);
        return run;
    }

    private void Read(string outDir)
    {
        var metrics = Path.Combine(outDir, "metrics.jsonl");
        foreach (var line in File.Exists(metrics) ? File.ReadLines(metrics) : [])
        {
            using var row = JsonDocument.Parse(line);
            var r = row.RootElement;
            var deployment = r.GetProperty("Deployment").GetString() ?? "";
            if (!Rows.TryGetValue(deployment, out var rows))
            {
                Rows[deployment] = rows = [];
            }

            rows.Add(line);
            if (CountMetrics.Contains(r.GetProperty("Metric").GetString() ?? ""))
            {
                Counted[deployment] = Counted.GetValueOrDefault(deployment) + r.GetProperty("Count").GetDouble();
            }
        }

        var dead = Path.Combine(outDir, "deadletter.jsonl");
        foreach (var line in File.Exists(dead) ? File.ReadLines(dead) : [])
        {
            using var row = JsonDocument.Parse(line);
            var r = row.RootElement;
            DeadLetters.Add(new DeadLetterRow(
                Path.GetFileName(r.GetProperty("Input").GetString() ?? ""),
                r.GetProperty("Position").GetInt64(),
                r.TryGetProperty("RecordIndex", out var index) ? index.GetInt32() : -1,
                r.GetProperty("Reason").GetString() ?? "",
                r.GetProperty("Message").GetString() ?? ""));
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"exit {ExitCode}, {Rows.Count} deployments, {DeadLetters.Count} dead letters");
}
