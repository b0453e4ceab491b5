using System.CommandLine;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs run</c>: the command line (its handler is <see cref="RunHandler"/>).</summary>
internal static class RunCommand
{
    /// <summary>Exit code when an input could not be read to its end.</summary>
    internal const int InputFailed = 3;

    internal static readonly Option<string[]> Input = new("--input", "-i")
    {
        Description = "Input file or folder (Event Hubs JSON bodies, JSON log lines, Prometheus/dcgm-exporter text; .gz accepted). Repeatable. Default: the bundled H100 trace.",
        AllowMultipleArgumentsPerToken = false,
    };

    internal static readonly Option<string[]> Scrape = new("--scrape")
    {
        Description = "URL of a Prometheus / dcgm-exporter endpoint to scrape until stopped (Ctrl+C / SIGTERM). Repeatable.",
    };

    internal static readonly Option<string> Interval = new("--interval")
    {
        Description = "Scrape interval (e.g. 15s).",
        DefaultValueFactory = _ => "15s",
    };

    internal static readonly Option<string?> Config = new("--config", "-c") { Description = "JSON configuration file (see README: Configuration)." };

    internal static readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Output folder for metrics.jsonl, alerts.jsonl and deadletter.jsonl.",
        DefaultValueFactory = _ => "out",
    };

    internal static readonly Option<string?> Emit = new("--emit") { Description = "Metrics rows: final (one exact row per window, default) or updates (early rows + corrections)." };

    internal static readonly Option<int?> Partitions = new("--partitions") { Description = "Aggregation partitions (default: number of cores)." };

    internal static readonly Option<int?> MaxSeries = new("--max-series") { Description = "Cardinality budget: most active series at once; records that would open more are dead-lettered as series_budget (default 1000000; config limits.maxActiveSeries)." };

    internal static readonly Option<string[]> Webhook = new("--webhook")
    {
        Description = "Receiver URL for notifications in the Azure Monitor common alert schema (retries; undeliverable ones go to OUT/webhook-deadletter.jsonl). Repeatable.",
    };

    internal static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress line; summary only." };

    internal static readonly Option<bool> Report = new("--report") { Description = "Also write OUT/report.html, the HTML report of the run (on by default for the bundled trace; see `aiobs report`)." };

    public static Command Create()
    {
        var command = new Command("run", "Run the pipeline: ingest, window, aggregate, evaluate rules, write metrics/alerts/dead letters.")
        {
            Input, Scrape, Interval, Config, Out, Emit, Partitions, MaxSeries, Webhook, Quiet, Report,
        };
        LogAnalyticsCli.AddTo(command);
        KafkaCli.AddTo(command);
        ServiceCli.AddTo(command);
        command.SetAction((parse, ct) => new RunHandler(parse).InvokeAsync(ct));
        return command;
    }

    /// <summary>0 when every input was read to its end; 3 when one failed part-way (the others were still processed).</summary>
    internal static int ExitCode(RunSummary summary)
    {
        foreach (var input in summary.Inputs)
        {
            if (input.Failure is not null)
            {
                Console.Error.WriteLine($"error: input {input.Name} failed: {input.Failure}");
                return InputFailed;
            }
        }

        return 0;
    }
}
