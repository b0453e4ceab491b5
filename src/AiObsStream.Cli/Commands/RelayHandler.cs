using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Cli.Hosting;
using AiObsStream.Kafka;
using AiObsStream.Kafka.Relay;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Sinks.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// Handles <c>aiobs relay</c>: validates the flags and the config's actions, builds the sinks (webhooks, the action sink
/// with actions.jsonl, Log Analytics) and runs an <see cref="AlertTopicRelay"/> until SIGINT / SIGTERM or the idle stop,
/// serving <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> on <c>--listen</c> meanwhile.
/// </summary>
/// <remarks>Exit codes as <c>aiobs run</c>: 0 done or stopped, 1 invalid arguments, 2 a fatal broker or state error.</remarks>
internal sealed class RelayHandler(ParseResult parse)
{
    /// <summary>Dead letters of the relay itself (messages it cannot read), under --out.</summary>
    public const string DeadLetterFile = "relay-deadletter.jsonl";

    public async Task<int> InvokeAsync(CancellationToken ct)
    {
        RelayPlan plan;
        RelaySinks sinks;
        try
        {
            plan = Plan();
            Directory.CreateDirectory(plan.OutDir);
            sinks = RelaySinks.Create(plan.Webhooks, plan.LogAnalytics, plan.Actions, plan.OutDir);
        }
        catch (Exception ex) when (ex is ConfigException or ArgumentException or LogAnalyticsConfigException or JsonException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return RunHandler.InvalidArguments;
        }

        await using (sinks.ConfigureAwait(false))
        {
            return await RunAsync(plan.Settings, plan.Options with { Settled = sinks.Settled }, plan.Service, sinks, ct).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunAsync(KafkaSettings settings, AlertTopicRelayOptions options, ServiceOptions service, RelaySinks sinks, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        try
        {
            await Console.Error.WriteLineAsync($"Relay: {options.Topic} (group {settings.GroupId}) → {sinks.Describe()}.").ConfigureAwait(false);
            using var relay = new AlertTopicRelay(settings, options, sinks.Sink);
            await using (ServiceRuntime.Start(service, relay, sinks.Sink, Console.Error).ConfigureAwait(false))
            {
                await relay.RunAsync(stop.Token).ConfigureAwait(false);
            }

            var p = relay.Progress;
            Console.Out.WriteLine($"Relay: {p.Relayed:N0} incident changes relayed, {p.Repeats:N0} repeats dropped, " +
                $"{p.RawAlerts:N0} raw alerts skipped, {p.DeadLettered:N0} dead-lettered ({p.DeadLettersLost:N0} lost), " +
                $"{p.Batches:N0} batches, {p.CommitFailures:N0} commits refused; {sinks.Summary()}");
            return 0;
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return RunHandler.InvalidArguments; // an explicit --listen that cannot be bound
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or KafkaConfigException)
        {
            await Console.Error.WriteLineAsync("fatal: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>The flags and the config, validated (the deploy render tests check the manifests' command line with it).</summary>
    /// <exception cref="ConfigException">A flag or setting is invalid, or there is nothing to send to (also
    /// <see cref="ArgumentException"/>, <see cref="LogAnalyticsConfigException"/>, <see cref="JsonException"/>).</exception>
    internal RelayPlan Plan()
    {
        var document = parse.GetValue(RelayCommand.Config) is { } path ? ConfigDocument.Load(path) : ConfigDocument.Empty;
        using var services = new ServiceCollection().AddEngineConfiguration(document).BuildServiceProvider();
        EngineConfiguration.ValidateOnStart(services);
        var file = services.GetRequiredService<IOptions<KafkaFileSettings>>().Value;
        var actions = EngineOptionsMapping.Actions(services.GetRequiredService<IOptions<ActionsSettings>>().Value);
        var settings = Settings(file);
        var service = ServiceCli.ParseRelay(parse, services.GetRequiredService<IOptions<ServiceSettings>>().Value);
        var outDir = parse.GetValue(RelayCommand.Out)!;
        var options = new AlertTopicRelayOptions
        {
            Topic = settings.Topics[0],
            DeadLetterPath = Path.Combine(outDir, DeadLetterFile),
            StateDirectory = parse.GetValue(RelayCommand.State),
            StopWhenIdle = parse.GetValue(RelayCommand.StopWhenIdle) is { } idle ? Durations.Parse(idle, "--stop-when-idle") : null,
        };
        options.Validate();
        var webhooks = Webhooks(outDir);
        var logAnalytics = LogAnalyticsCli.Parse(parse, outDir);
        RelaySinks.ThrowIfNone(webhooks, logAnalytics, actions);
        return new RelayPlan(settings, options, service, webhooks, logAnalytics, actions, outDir);
    }

    private KafkaSettings Settings(KafkaFileSettings file)
    {
        var bootstrap = parse.GetValue(RelayCommand.Bootstrap) ?? file.Bootstrap;
        var ns = parse.GetValue(RelayCommand.EventHubs) ?? file.EventHubsNamespace;
        var topic = parse.GetValue(RelayCommand.AlertsTopic) ?? file.AlertsTopic;
        if ((bootstrap is null) == (ns is null))
        {
            throw new ConfigException("relay: give one of --kafka BOOTSTRAP or --eventhubs NAMESPACE");
        }

        if (topic is null)
        {
            throw new ConfigException("relay: --alerts-topic is required (the topic the engines publish incidents to)");
        }

        try
        {
            var settings = ns is not null ? KafkaSettings.ForEventHubsFromEnvironment(ns) : new KafkaSettings { BootstrapServers = bootstrap! };
            settings = settings with { Topics = [topic], GroupId = parse.GetValue(RelayCommand.Group) ?? "aiobs-relay" };
            if ((parse.GetValue(RelayCommand.SessionTimeout) ?? file.SessionTimeout) is { } session)
            {
                settings = settings with { SessionTimeout = Durations.Parse(session, "--session-timeout") };
            }

            settings.ThrowIfInvalid();
            return settings;
        }
        catch (KafkaConfigException ex)
        {
            throw new ConfigException(ex.Message);
        }
    }

    private WebhookOptions? Webhooks(string outDir)
    {
        if (parse.GetValue(RelayCommand.Webhook) is not { Length: > 0 } hooks)
        {
            return null;
        }

        var webhooks = new WebhookOptions
        {
            Urls = [.. hooks.Select(h => Uri.TryCreate(h, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--webhook {h}: not an absolute URL"))],
            DeadLetterPath = Path.Combine(outDir, "webhook-deadletter.jsonl"),
        };
        webhooks.Validate();
        return webhooks;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: finishing the batch in hand, then stopping");
        stop.Cancel();
    }
}
