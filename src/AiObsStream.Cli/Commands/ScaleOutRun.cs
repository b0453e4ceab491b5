using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Kafka;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Kafka.ScaleOut;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs run --kafka ... --scale-out</c>: both stages in one process (route the input by owner to the repartition
/// topic; run one engine per owned repartition partition), so N identical processes share the work with exact results.
/// </summary>
internal sealed class ScaleOutRun(RunPlan plan)
{
    /// <summary>A caught-up input partition quiet this long no longer holds back the watermark.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Refuses, at start, the sinks that scale-out does not run: webhooks, Log Analytics and actions.
    /// </summary>
    /// <remarks>
    /// Why refuse rather than ignore: each task is a full engine that a rebalance or a SIGKILL moves to another process,
    /// which replays the task from its last checkpoint. The alert topic survives that because a restored task reads back
    /// what it already carries; an HTTP receiver cannot be read back, so a webhook, a Log Analytics upload or an action
    /// would be sent again for every replayed incident change (or, sent only by the old owner, lost with it). Accepting
    /// the flags and sending nothing, as before, let a deployment believe it was paging someone when it was not.
    /// </remarks>
    /// <exception cref="ConfigException">Scale-out with any of them.</exception>
    internal static void ThrowIfUnwired(KafkaRunSettings? kafka, WebhookOptions? webhooks, LogAnalyticsOptions? logAnalytics, ActionsSettings? actions)
    {
        if (kafka is not { ScaleOut: true })
        {
            return;
        }

        var unwired = new List<string>();
        if (webhooks is not null)
        {
            unwired.Add("--webhook");
        }

        if (logAnalytics is not null)
        {
            unwired.Add("--log-analytics");
        }

        if (actions?.Actions is { Count: > 0 })
        {
            unwired.Add("actions (config)");
        }

        if (unwired.Count > 0)
        {
            throw new ConfigException($"--scale-out: {string.Join(", ", unwired)} not supported in scale-out mode (a task that moves " +
                "between processes replays from its checkpoint and would send them again); publish incidents with --alerts-topic " +
                "and run `aiobs relay --kafka ... --alerts-topic TOPIC` with these options instead: one consumer of that topic " +
                "in front of the receivers, each incident change sent once (README \"Scale-out\")");
        }
    }

    public async Task<int> RunAsync(CancellationToken stop)
    {
        var run = plan.Kafka!;
        var settings = run.Settings;
        var state = run.StateDirectory!;
        var repartition = settings.GroupId + "-aiobs-repartition";
        try
        {
            var partitions = RouteStage.RepartitionPartitions(settings, repartition);
            await Console.Error.WriteLineAsync($"Scale-out: routing {string.Join(", ", settings.Topics)} through {repartition} ({partitions} partitions); " +
                $"tasks under {state}, outputs under {plan.OutDir}.").ConfigureAwait(false);
            using var route = new RouteStage(settings, plan.Options.Input, repartition, partitions, IdleTimeout);
            using var routeStop = new CancellationTokenSource();
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var routing = route.RunAsync(routeStop.Token);
            _ = routing.ContinueWith(_ => failed.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            IReadOnlyList<RunSummary> summaries;
            long gone;
            string? lastGone;
            using (var source = OwnStage.CreateSource(settings, repartition, plan.Options.Input))
            {
                summaries = await OwnStage.RunAsync(() => new StreamEngine(plan.Options), source, NewSink, Path.Combine(state, "own"),
                    new KafkaRunOptions { CheckpointInterval = run.CheckpointInterval, StopWhenIdle = run.StopWhenIdle }, failed.Token, Console.Error, () => route.Quiet).ConfigureAwait(false);
                (gone, lastGone) = (source.Unavailable, source.LastUnavailable);
            }

            await routeStop.CancelAsync().ConfigureAwait(false);
            await routing.ConfigureAwait(false);
            Console.Out.WriteLine($"Scale-out: {summaries.Count} task runs, {summaries.Sum(s => s.RowsWritten):N0} rows, " +
                $"{summaries.Sum(s => s.IncidentsOpened):N0} incidents opened, {summaries.Sum(s => s.Checkpoints):N0} checkpoints; " +
                $"stage 1 routed {route.Routed:N0} messages into {route.Produced:N0} repartition messages ({route.Commits:N0} commits, {route.CommitFailures:N0} refused, {route.Assignments} assignments)" +
                (route.Unavailable > 0 ? $"; {route.Unavailable:N0} input messages were gone from the broker before the group read them (last: {route.LastUnavailable})" : string.Empty) +
                (gone > 0 ? $"; stage 2: {gone:N0} repartition messages were gone from the broker before their task read them (last: {lastGone})" : string.Empty));
            return summaries.Any(s => s.CheckpointFailures > 0) ? 3 : 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or KafkaConfigException or KafkaDeliveryException)
        {
            await Console.Error.WriteLineAsync("fatal: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private IOutputSink NewSink(string task, bool resume)
    {
        var sinks = new List<IOutputSink> { new JsonlDirectorySink(Path.Combine(plan.OutDir, task), resume) };
        var settings = plan.Kafka!.Settings;
        if (settings.AlertsTopic is not null || settings.MetricsTopic is not null)
        {
            sinks.Add(new KafkaAlertPublisher(settings) { HoldUntilCheckpoint = true }); // every task checkpoints
        }

        return new CompositeOutputSink([.. sinks]);
    }
}
