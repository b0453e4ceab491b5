using System.CommandLine;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs relay</c>: the one consumer of the alert topic in front of the webhook receivers, Log Analytics and the
/// automated actions (what scale-out tasks must not send themselves; README "Scale-out"). Its handler is
/// <see cref="RelayHandler"/>.
/// </summary>
internal static class RelayCommand
{
    internal static readonly Option<string?> Bootstrap = new("--kafka") { Description = "Kafka bootstrap servers (host:port[,host:port])." };

    internal static readonly Option<string?> EventHubs = new("--eventhubs")
    {
        Description = "Event Hubs namespace (NAME or NAME.servicebus.windows.net), reached through its Kafka endpoint; connection string from AIOBS_EVENTHUBS_CONNECTION_STRING.",
    };

    internal static readonly Option<string?> AlertsTopic = new("--alerts-topic") { Description = "The alert topic the engines publish incidents to (their --alerts-topic)." };

    internal static readonly Option<string?> Group = new("--group") { Description = "Consumer group of the relays (default aiobs-relay); relays in one group split the partitions." };

    internal static readonly Option<string[]> Webhook = new("--webhook")
    {
        Description = "Receiver URL for incident notifications in the Azure Monitor common alert schema (retries; undeliverable ones go to OUT/webhook-deadletter.jsonl). Repeatable.",
    };

    internal static readonly Option<string?> Config = new("--config", "-c") { Description = "JSON configuration file: its actions list (and kafka section for the connection)." };

    internal static readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Folder for actions.jsonl, webhook-deadletter.jsonl, relay-deadletter.jsonl and the Log Analytics spool.",
        DefaultValueFactory = _ => "out",
    };

    internal static readonly Option<string?> State = new("--state")
    {
        Description = "Folder of the per-partition checkpoints (next offset, recent CloudEvent ids); relays of one group share it. Without it, a restart starts at the committed offsets.",
    };

    internal static readonly Option<string?> StopWhenIdle = new("--stop-when-idle") { Description = "Once every partition is read to its end and nothing arrived for this long (e.g. 30s): exit 0." };

    internal static readonly Option<string?> SessionTimeout = new("--session-timeout") { Description = "Consumer group session timeout (default 30s)." };

    public static Command Create()
    {
        var command = new Command("relay", "Read incident changes from the alert topic and send them to webhooks, Log Analytics and actions, each once (the sender for scale-out runs).")
        {
            Bootstrap, EventHubs, AlertsTopic, Group, Webhook, Config, Out, State, StopWhenIdle, SessionTimeout, ServiceCli.RelayListen,
        };
        LogAnalyticsCli.AddTo(command);
        command.SetAction((parse, ct) => new RelayHandler(parse).InvokeAsync(ct));
        return command;
    }
}
