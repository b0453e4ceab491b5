using AiObsStream.Core.Actions;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Actions;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Commands;

/// <summary>The sinks of <c>aiobs relay</c>: webhooks, the action sink (its records also to Log Analytics), Log Analytics.</summary>
internal sealed class RelaySinks : IAsyncDisposable
{
    private readonly WebhookSink? _webhooks;
    private readonly ActionSink? _actions;
    private readonly LogAnalyticsSink? _logAnalytics;

    private RelaySinks(WebhookSink? webhooks, ActionSink? actions, LogAnalyticsSink? logAnalytics)
    {
        _webhooks = webhooks;
        _actions = actions;
        _logAnalytics = logAnalytics;
        IOutputSink[] all = [.. new IOutputSink?[] { webhooks, actions, logAnalytics }.OfType<IOutputSink>()];
        Sink = all.Length == 1 ? all[0] : new CompositeOutputSink(all);
    }

    /// <summary>All of them as one sink (disposed by <see cref="DisposeAsync"/>).</summary>
    public IOutputSink Sink { get; }

    /// <summary>The sinks; actions keep appending to OUT/actions.jsonl and read its decided keys back (idempotent across restarts).</summary>
    /// <exception cref="ConfigException">None of them was asked for.</exception>
    public static RelaySinks Create(WebhookOptions? webhooks, LogAnalyticsOptions? logAnalytics, IReadOnlyList<ActionDefinition> actions, string outDir)
    {
        ThrowIfNone(webhooks, logAnalytics, actions);

        var la = logAnalytics is null ? null : new LogAnalyticsSink(logAnalytics);
        var actionSink = actions.Count == 0 ? null
            : new ActionSink(new ActionOptions { Actions = actions, LogPath = Path.Combine(outDir, ActionOptions.FileName) }, resume: true,
                la is null ? null : la.WriteActions);
        return new RelaySinks(webhooks is null ? null : new WebhookSink(webhooks), actionSink, la);
    }

    /// <summary>Refuses a relay with no sink.</summary>
    /// <exception cref="ConfigException">None of them was asked for.</exception>
    public static void ThrowIfNone(WebhookOptions? webhooks, LogAnalyticsOptions? logAnalytics, IReadOnlyList<ActionDefinition> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (webhooks is null && logAnalytics is null && actions.Count == 0)
        {
            throw new ConfigException("relay: nothing to send to: give --webhook, --log-analytics or an actions list in --config");
        }
    }

    /// <summary>True once no webhook or action is queued or in flight.</summary>
    public bool Settled() => (_webhooks?.Pending ?? 0) == 0 && (_actions?.Pending ?? 0) == 0;

    /// <summary>Which sinks run, for the start line.</summary>
    public string Describe() => string.Join(", ", new[]
    {
        _webhooks is null ? null : "webhooks",
        _actions is null ? null : "actions",
        _logAnalytics is null ? null : "Log Analytics",
    }.OfType<string>());

    /// <summary>The sinks' counters, for the summary line.</summary>
    public string Summary() => string.Join("; ", new[]
    {
        _webhooks is null ? null : $"webhooks: {_webhooks.Delivered:N0} delivered, {_webhooks.DeadLettered:N0} dead-lettered",
        _actions is null ? null : $"actions: {_actions.Sent:N0} sent, {_actions.DryRuns:N0} dry-run, {_actions.Suppressed:N0} suppressed, {_actions.Failed:N0} failed",
        _logAnalytics is null ? null : $"Log Analytics: {_logAnalytics.Stats.RowsAccepted:N0} rows accepted, {_logAnalytics.Stats.RowsDelivered:N0} delivered, {_logAnalytics.Stats.SpooledBatches:N0} batches spooled",
    }.OfType<string>());

    /// <summary>Drains and closes every sink.</summary>
    public ValueTask DisposeAsync() => Sink.DisposeAsync();
}
