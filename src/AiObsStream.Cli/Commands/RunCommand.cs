using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Anomaly;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs run</c>: replay files and/or scrape endpoints through the whole pipeline.</summary>
internal static class RunCommand
{
    /// <summary>Exit code when an input could not be read to its end.</summary>
    internal const int InputFailed = 3;

    private static readonly Option<string[]> Input = new("--input", "-i")
    {
        Description = "Input file or folder (Event Hubs JSON bodies, JSON log lines, Prometheus/dcgm-exporter text; .gz accepted). Repeatable. Default: the bundled H100 trace.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> Scrape = new("--scrape")
    {
        Description = "URL of a Prometheus / dcgm-exporter endpoint to scrape until stopped (Ctrl+C / SIGTERM). Repeatable.",
    };

    private static readonly Option<string> Interval = new("--interval")
    {
        Description = "Scrape interval (e.g. 15s).",
        DefaultValueFactory = _ => "15s",
    };

    private static readonly Option<string?> Config = new("--config", "-c") { Description = "JSON configuration file (see README: Configuration)." };

    private static readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Output folder for metrics.jsonl, alerts.jsonl and deadletter.jsonl.",
        DefaultValueFactory = _ => "out",
    };

    private static readonly Option<string?> Emit = new("--emit") { Description = "Metrics rows: final (one exact row per window, default) or updates (early rows + corrections)." };

    private static readonly Option<int?> Partitions = new("--partitions") { Description = "Aggregation partitions (default: number of cores)." };

    private static readonly Option<string[]> Webhook = new("--webhook")
    {
        Description = "Receiver URL for notifications in the Azure Monitor common alert schema (retries; undeliverable ones go to OUT/webhook-deadletter.jsonl). Repeatable.",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress line; summary only." };

    public static Command Create()
    {
        var command = new Command("run", "Run the pipeline: ingest, window, aggregate, evaluate rules, write metrics/alerts/dead letters.")
        {
            Input, Scrape, Interval, Config, Out, Emit, Partitions, Webhook, Quiet,
        };
        LogAnalyticsCli.AddTo(command);
        KafkaCli.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        EngineOptions options;
        List<string> files;
        List<Uri> urls;
        WebhookOptions? webhooks = null;
        TimeSpan interval;
        LogAnalyticsOptions? logAnalytics;
        KafkaRunSettings? kafka;
        try
        {
            // The composition root: the file is read once, every section bound and validated before any input is read.
            var document = parse.GetValue(Config) is { } path ? ConfigDocument.Load(path) : ConfigDocument.Empty;
            using var services = new ServiceCollection().AddEngineConfiguration(document).BuildServiceProvider();
            EngineConfiguration.ValidateOnStart(services);
            options = services.GetRequiredService<EngineOptions>();
            kafka = KafkaCli.Parse(parse, services.GetRequiredService<IOptions<KafkaFileSettings>>().Value);
            if (kafka is not null && (parse.GetValue(Input) is { Length: > 0 } || parse.GetValue(Scrape) is { Length: > 0 }))
            {
                throw new ConfigException("--kafka / --eventhubs consume topics: do not combine them with --input or --scrape");
            }

            if (parse.GetValue(Emit) is { } emit)
            {
                options = options with { MetricsEmit = EmitPolicies.Parse(emit, "--emit") };
            }

            if (parse.GetValue(Partitions) is { } partitions)
            {
                options = options with { Partitions = partitions >= 1 ? partitions : throw new ConfigException("--partitions: must be >= 1") };
            }

            if (options.Anomaly.SrCnnModel is null && (options.Anomaly.Rules.Any(r => r.Enabled && r.Detector == AnomalyDetectorKind.SrCnn)
                || (options.Pricing.Enabled && options.Pricing.Spend.SrCnn)))
            {
                options = options with { Anomaly = options.Anomaly with { SrCnnModel = BundledModels.SrCnn() } };
            }

            interval = Durations.Parse(parse.GetValue(Interval), "--interval");
            if (parse.GetValue(Webhook) is { Length: > 0 } hooks)
            {
                Directory.CreateDirectory(parse.GetValue(Out)!);
                webhooks = new WebhookOptions
                {
                    Urls = hooks.Select(h => Uri.TryCreate(h, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--webhook {h}: not an absolute URL")).ToList(),
                    DeadLetterPath = Path.Combine(parse.GetValue(Out)!, "webhook-deadletter.jsonl"),
                };
                webhooks.Validate();
                foreach (var url in webhooks.Urls)
                {
                    EndpointCheck.EnsureResolvable(url, "--webhook");
                }
            }
            logAnalytics = LogAnalyticsCli.Parse(parse, parse.GetValue(Out)!);
            if (logAnalytics?.Endpoint is { } endpoint)
            {
                EndpointCheck.EnsureResolvable(endpoint, "--log-analytics");
            }

            urls = (parse.GetValue(Scrape) ?? []).Select(ParseUrl).ToList();
            files = InputPaths.Expand(parse.GetValue(Input) ?? []);
            if (files.Count == 0 && urls.Count == 0 && kafka is null)
            {
                files = [.. BundledTrace.Extract()];
                Console.Error.WriteLine($"No --input given: replaying the bundled H100 trace ({files.Count} files).");
            }
        }
        catch (Exception ex) when (ex is ConfigException or ArgumentException or LogAnalyticsConfigException or JsonException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        var outDir = parse.GetValue(Out)!;
        var engine = new StreamEngine(options);

        // SIGINT/SIGTERM stop the inputs; the pipeline then drains, flushes every open window, prints the summary and
        // exits 0 (a container's stop must not lose the windows in flight).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var live = kafka is not null;
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop, live));
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop, live));
        if (kafka is not null)
        {
            return await KafkaRun.RunAsync(engine, kafka, outDir, webhooks, logAnalytics, parse.GetValue(Quiet), stop.Token).ConfigureAwait(false);
        }

        try
        {
            IOutputSink local = new JsonlDirectorySink(outDir);
            if (webhooks is not null)
            {
                local = new CompositeOutputSink(local, new WebhookSink(webhooks));
            }

            await using var sink = LogAnalyticsCli.CreateSink(logAnalytics, local);
            using var progress = parse.GetValue(Quiet) || Console.IsErrorRedirected ? null : new ProgressLine(engine);
            var summary = await engine.RunAsync(files, urls, interval, sink, stop.Token).ConfigureAwait(false);
            progress?.Dispose();
            ConsoleReport.Print(summary, outDir, Console.Out);
            return ExitCode(summary);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("fatal: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
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

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop, bool kafka)
    {
        context.Cancel = true;
        Console.Error.WriteLine(kafka
            ? $"{context.Signal}: stopping consumption, checkpointing open windows and committing offsets..."
            : $"{context.Signal}: stopping inputs, draining and flushing open windows...");
        stop.Cancel();
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"--scrape {text}: not an http(s) URL");
}
