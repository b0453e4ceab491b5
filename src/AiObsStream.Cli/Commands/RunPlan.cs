using System.CommandLine;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Cli.Hosting;
using AiObsStream.Core.Anomaly;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Commands;

/// <summary>What <c>aiobs run</c> was asked to do: the validated configuration with the flags applied, inputs and outputs.</summary>
internal sealed record RunPlan
{
    public required EngineOptions Options { get; init; }

    public required IReadOnlyList<string> Files { get; init; }

    public required IReadOnlyList<Uri> Urls { get; init; }

    public required TimeSpan Interval { get; init; }

    public required string OutDir { get; init; }

    public WebhookOptions? Webhooks { get; init; }

    public LogAnalyticsOptions? LogAnalytics { get; init; }

    public KafkaRunSettings? Kafka { get; init; }

    public bool Quiet { get; init; }

    /// <summary>Write OUT/report.html at the end (<c>--report</c>, or the bundled trace's demo run).</summary>
    public bool Report { get; init; }

    /// <summary>The automated responses of the <c>actions</c> list (empty: no action sink, no actions.jsonl).</summary>
    public IReadOnlyList<Core.Actions.ActionDefinition> Actions { get; init; } = [];

    /// <summary>The metrics and health listener (its address is null when there is none).</summary>
    public ServiceOptions Service { get; init; } = new(null, false, ServiceOptions.DefaultReadyMaxLag);

    /// <summary>True for the long-running modes (scrape, Kafka), which run under the generic host until stopped.</summary>
    public bool IsLive => Kafka is not null || Urls.Count > 0;

    /// <summary>Applies the command line to the validated configuration.</summary>
    /// <exception cref="ConfigException">A flag is invalid or flags conflict (the message names them).</exception>
    /// <exception cref="ArgumentException">An input, URL or receiver is invalid (the message names it).</exception>
    /// <exception cref="LogAnalyticsConfigException">The Log Analytics flags are invalid.</exception>
    public static RunPlan Create(ParseResult parse, EngineOptions options, KafkaFileSettings kafkaFile, ServiceSettings? service = null,
        ActionsSettings? actions = null)
    {
        var kafka = KafkaCli.Parse(parse, kafkaFile);
        if (kafka is not null && (parse.GetValue(RunCommand.Input) is { Length: > 0 } || parse.GetValue(RunCommand.Scrape) is { Length: > 0 }))
        {
            throw new ConfigException("--kafka / --eventhubs consume topics: do not combine them with --input or --scrape");
        }

        if (parse.GetValue(RunCommand.Emit) is { } emit)
        {
            options = options with { MetricsEmit = EmitPolicies.Parse(emit, "--emit") };
        }

        if (parse.GetValue(RunCommand.Partitions) is { } partitions)
        {
            options = options with { Partitions = partitions >= 1 ? partitions : throw new ConfigException("--partitions: must be >= 1") };
        }

        if (parse.GetValue(RunCommand.MaxSeries) is { } maxSeries)
        {
            options = options with { MaxActiveSeries = maxSeries >= 1 ? maxSeries : throw new ConfigException("--max-series: must be >= 1") };
        }

        if (options.Anomaly.SrCnnModel is null && (options.Anomaly.Rules.Any(r => r.Enabled && r.Detector == AnomalyDetectorKind.SrCnn)
            || (options.Pricing.Enabled && options.Pricing.Spend.SrCnn)))
        {
            options = options with { Anomaly = options.Anomaly with { SrCnnModel = BundledModels.SrCnn() } };
        }

        var outDir = parse.GetValue(RunCommand.Out)!;
        var interval = Durations.Parse(parse.GetValue(RunCommand.Interval), "--interval");
        var webhooks = ParseWebhooks(parse.GetValue(RunCommand.Webhook), outDir);
        var logAnalytics = LogAnalyticsCli.Parse(parse, outDir);
        if (logAnalytics?.Endpoint is { } endpoint)
        {
            EndpointCheck.EnsureResolvable(endpoint, "--log-analytics");
        }

        var urls = (parse.GetValue(RunCommand.Scrape) ?? []).Select(ParseUrl).ToList();
        var files = InputPaths.Expand(parse.GetValue(RunCommand.Input) ?? []);
        var report = parse.GetValue(RunCommand.Report);
        if (report && kafka is not null)
        {
            throw new ConfigException("--report: not for Kafka / Event Hubs runs (they run until stopped); run `aiobs report --from OUT` on their output folder");
        }

        if (files.Count == 0 && urls.Count == 0 && kafka is null)
        {
            report = true;
            files = [.. BundledTrace.Extract()];
            Console.Error.WriteLine($"No --input given: replaying the bundled H100 trace ({files.Count} files).");
        }

        ScaleOutRun.ThrowIfUnwired(kafka, webhooks, logAnalytics, actions);
        return new RunPlan
        {
            Options = options,
            Files = files,
            Urls = urls,
            Interval = interval,
            OutDir = outDir,
            Webhooks = webhooks,
            LogAnalytics = logAnalytics,
            Kafka = kafka,
            Quiet = parse.GetValue(RunCommand.Quiet),
            Report = report,
            Service = ServiceCli.Parse(parse, service, live: kafka is not null || urls.Count > 0),
            Actions = ActionsCli.Parse(actions, options),
        };
    }

    private static WebhookOptions? ParseWebhooks(string[]? hooks, string outDir)
    {
        if (hooks is not { Length: > 0 })
        {
            return null;
        }

        Directory.CreateDirectory(outDir);
        var webhooks = new WebhookOptions
        {
            Urls = hooks.Select(h => Uri.TryCreate(h, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--webhook {h}: not an absolute URL")).ToList(),
            DeadLetterPath = Path.Combine(outDir, "webhook-deadletter.jsonl"),
        };
        webhooks.Validate();
        foreach (var url in webhooks.Urls)
        {
            EndpointCheck.EnsureResolvable(url, "--webhook");
        }

        return webhooks;
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"--scrape {text}: not an http(s) URL");
}
