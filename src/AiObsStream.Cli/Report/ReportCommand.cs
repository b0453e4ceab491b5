using System.CommandLine;
using AiObsStream.Cli.Configuration;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Report;

/// <summary><c>aiobs report --from OUT_DIR [--out report.html]</c>: the HTML report of a run's output folder.</summary>
internal static class ReportCommand
{
    /// <summary>The report's file name beside the other outputs.</summary>
    public const string FileName = "report.html";

    private static readonly Option<string> From = new("--from")
    {
        Description = "Output folder of a run (metrics.jsonl, incidents.jsonl, alerts.jsonl, notifications.jsonl, deadletter.jsonl).",
        Required = true,
    };

    private static readonly Option<string?> Out = new("--out", "-o") { Description = "The HTML file to write (default: FROM/report.html)." };

    private static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "The run's JSON configuration: RPM / TPM are drawn against its quotas (quotas.<deployment>.tpm); the outputs carry none.",
    };

    public static Command Create()
    {
        var command = new Command("report", "Write a self-contained HTML report (incidents, latency, GPUs, cost, quality, ingestion) of a run's outputs.")
        {
            From, Out, Config,
        };
        command.SetAction(parse =>
        {
            var from = parse.GetValue(From)!;
            try
            {
                var options = parse.GetValue(Config) is { } config ? Options(EngineConfiguration.Load(config), "--config " + config) : ReportOptions.None;
                var path = Write(from, parse.GetValue(Out), options);
                Console.Out.WriteLine($"Report: {path}");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ConfigException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// After <c>aiobs run --report</c>: writes OUT/report.html and prints its path. A report that cannot be written is
    /// reported on stderr and does not change the run's exit code: the run's outputs are complete without it.
    /// </summary>
    public static void WriteAfterRun(string outDir, TextWriter stdout, TextWriter stderr, ReportOptions? options = null)
    {
        try
        {
            stdout.WriteLine($"Report: {Write(outDir, null, options)}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever went wrong, the run's outputs are written and its exit code stands.
            stderr.WriteLine($"error: the report could not be written: {ex.Message}");
        }
    }

    /// <summary>Reads <paramref name="outDir"/> and writes the report (default OUT_DIR/report.html); returns its path.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Write(string outDir, string? path = null, ReportOptions? options = null)
    {
        path ??= Path.Combine(outDir, FileName);
        HtmlReportWriter.Write(ReportBuilder.Build(outDir, options), path);
        return path;
    }

    /// <summary>What the report takes from a run's engine options (<paramref name="source"/> names them in the report).</summary>
    public static ReportOptions Options(EngineOptions engine, string source) => new()
    {
        TpmQuotas = engine.Rules.TpmQuotas,
        QuotaSource = source + " (quotas.<deployment>.tpm)",
    };
}
