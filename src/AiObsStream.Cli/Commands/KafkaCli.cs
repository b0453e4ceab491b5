using System.CommandLine;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Kafka;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs run</c> options for Kafka / Event Hubs input and the alert/metrics topics (also read from the config file's "kafka" section).</summary>
internal static class KafkaCli
{
    private static readonly Option<string?> Bootstrap = new("--kafka") { Description = "Kafka bootstrap servers (host:port[,host:port]). Consume --topic instead of files." };

    private static readonly Option<string?> EventHubs = new("--eventhubs")
    {
        Description = "Event Hubs namespace (NAME or NAME.servicebus.windows.net), reached through its Kafka endpoint; connection string from AIOBS_EVENTHUBS_CONNECTION_STRING.",
    };

    private static readonly Option<string[]> Topics = new("--topic") { Description = "Topic (event hub) to consume. Repeatable." };

    private static readonly Option<string?> Group = new("--group") { Description = "Consumer group id (default aiobs)." };

    private static readonly Option<string?> AlertsTopic = new("--alerts-topic")
    {
        Description = "Publish every incident state change there (Open/Updated/Resolved; CloudEvents 1.0 JSON, key = IncidentId). Raw alerts only with --publish-raw-alerts.",
    };

    private static readonly Option<bool> PublishRawAlerts = new("--publish-raw-alerts")
    {
        Description = "Also publish every raw alert state change to --alerts-topic (key = AlertId), beside the incidents.",
    };

    private static readonly Option<string?> MetricsTopic = new("--metrics-topic") { Description = "Publish enriched metric rows there (JSON, key = RowId)." };

    private static readonly Option<string?> State = new("--state") { Description = "Checkpoint folder: window, dedup, rule and detector state plus offsets; resumed on restart." };

    private static readonly Option<string?> StopWhenIdle = new("--stop-when-idle") { Description = "Once no record arrived for this long (e.g. 30s): flush every window, checkpoint, commit and exit 0." };

    private static readonly Option<string?> CheckpointEvery = new("--checkpoint-interval") { Description = "How often to checkpoint and commit offsets (default 10s)." };

    private static readonly Option<bool> ScaleOut = new("--scale-out")
    {
        Description = "Run as one of N identical processes in the group with exact results: records are repartitioned by deployment through the topic GROUP-aiobs-repartition (which must exist); needs --state on storage every process shares.",
    };

    private static readonly Option<string?> SessionTimeout = new("--session-timeout") { Description = "Consumer group session timeout: how soon a dead member's partitions move (default 30s)." };

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Bootstrap, EventHubs, Topics, Group, AlertsTopic, PublishRawAlerts, MetricsTopic, State, StopWhenIdle, CheckpointEvery, ScaleOut, SessionTimeout })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The Kafka run settings, or null when neither --kafka / --eventhubs nor a config "kafka" section asks for Kafka.</summary>
    /// <exception cref="ConfigException">A setting is invalid (the message names it).</exception>
    /// <param name="parse">The command line.</param>
    /// <param name="file">The config file's bound and validated "kafka" section (empty when there is none).</param>
    public static KafkaRunSettings? Parse(ParseResult parse, KafkaFileSettings file)
    {
        var bootstrap = parse.GetValue(Bootstrap) ?? file.Bootstrap;
        var ns = parse.GetValue(EventHubs) ?? file.EventHubsNamespace;
        var topics = parse.GetValue(Topics) is { Length: > 0 } t ? t : file.Topics?.ToArray() ?? [];
        var alerts = parse.GetValue(AlertsTopic) ?? file.AlertsTopic;
        var metrics = parse.GetValue(MetricsTopic) ?? file.MetricsTopic;
        var raw = parse.GetValue(PublishRawAlerts) || file.PublishRawAlerts == true;
        if (bootstrap is null && ns is null)
        {
            return topics.Length > 0 || alerts is not null || metrics is not null || raw || parse.GetValue(State) is not null
                ? throw new ConfigException("--topic / --alerts-topic / --publish-raw-alerts / --metrics-topic / --state need --kafka BOOTSTRAP or --eventhubs NAMESPACE")
                : null;
        }

        if (bootstrap is not null && ns is not null)
        {
            throw new ConfigException("--kafka and --eventhubs: give one of them");
        }

        if (raw && alerts is null)
        {
            throw new ConfigException("--publish-raw-alerts: needs --alerts-topic (the topic the raw alerts go to)");
        }

        if (topics.Length == 0)
        {
            throw new ConfigException("--topic: at least one topic to consume is required with --kafka / --eventhubs");
        }

        KafkaSettings settings;
        try
        {
            settings = ns is not null ? KafkaSettings.ForEventHubsFromEnvironment(ns) : new KafkaSettings { BootstrapServers = bootstrap! };
            settings = settings with
            {
                Topics = topics,
                GroupId = parse.GetValue(Group) ?? file.Group ?? "aiobs",
                AlertsTopic = alerts,
                PublishRawAlerts = raw,
                MetricsTopic = metrics,
            };
            if ((parse.GetValue(SessionTimeout) ?? file.SessionTimeout) is { } session)
            {
                settings = settings with { SessionTimeout = Durations.Parse(session, "--session-timeout") };
            }

            settings.ThrowIfInvalid();
        }
        catch (KafkaConfigException ex)
        {
            throw new ConfigException(ex.Message);
        }

        var idle = parse.GetValue(StopWhenIdle) ?? file.StopWhenIdle;
        var scaleOut = parse.GetValue(ScaleOut) || file.ScaleOut == true;
        if (scaleOut && (parse.GetValue(State) ?? file.State) is null)
        {
            throw new ConfigException("--scale-out: needs --state (a folder every process of the group shares: each task's checkpoints move with it)");
        }

        return new KafkaRunSettings
        {
            ScaleOut = scaleOut,
            Settings = settings,
            StateDirectory = parse.GetValue(State) ?? file.State,
            StopWhenIdle = idle is null ? null : Durations.Parse(idle, "--stop-when-idle"),
            CheckpointInterval = Durations.Parse(parse.GetValue(CheckpointEvery) ?? file.CheckpointInterval ?? "10s", "--checkpoint-interval"),
        };
    }
}
