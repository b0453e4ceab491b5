using AiObsStream.Cli.Hosting;
using AiObsStream.Core.Actions;
using AiObsStream.Kafka;
using AiObsStream.Kafka.Relay;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Commands;

/// <summary>What <c>aiobs relay</c>'s flags and config ask for, validated (<see cref="RelayHandler.Plan"/>); nothing created yet.</summary>
/// <param name="Settings">The consumer's connection and group.</param>
/// <param name="Options">Topic, state, dead letters and the idle stop.</param>
/// <param name="Service">The metrics and health listener.</param>
/// <param name="Webhooks">Webhook receivers, or null.</param>
/// <param name="LogAnalytics">Log Analytics, or null.</param>
/// <param name="Actions">The config's actions (may be empty).</param>
/// <param name="OutDir">The output folder (--out).</param>
internal sealed record RelayPlan(
    KafkaSettings Settings,
    AlertTopicRelayOptions Options,
    ServiceOptions Service,
    WebhookOptions? Webhooks,
    LogAnalyticsOptions? LogAnalytics,
    IReadOnlyList<ActionDefinition> Actions,
    string OutDir);
