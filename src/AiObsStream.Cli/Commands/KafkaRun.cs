using AiObsStream.Cli.Hosting;
using AiObsStream.Kafka;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs run --kafka/--eventhubs</c>: consume topics until stopped or idle, with checkpoints and offset commits.</summary>
internal sealed class KafkaRun(RunPlan plan) : ILiveRun
{
    /// <inheritdoc/>
    public string StopMessage => "stopping consumption, checkpointing open windows and committing offsets...";

    /// <inheritdoc/>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var run = plan.Kafka ?? throw new InvalidOperationException("not a Kafka run");
        if (run.ScaleOut)
        {
            return await new ScaleOutRun(plan).RunAsync(stop).ConfigureAwait(false);
        }

        var engine = new StreamEngine(plan.Options);
        var (outDir, webhooks, logAnalytics, quiet) = (plan.OutDir, plan.Webhooks, plan.LogAnalytics, plan.Quiet);
        try
        {
            var store = run.StateDirectory is { } dir ? new CheckpointStore(dir) : null;
            var restore = store?.TryLoad(out var warning) is { } loaded ? loaded : null;
            if (store is not null)
            {
                await Console.Error.WriteLineAsync(restore is null
                    ? $"No checkpoint in {store.DirectoryPath}: starting from the group's committed offsets."
                    : $"Resuming from checkpoint {restore.Seq} ({restore.StateBytes:N0} bytes of state, {restore.Offsets.Count} partition offsets).").ConfigureAwait(false);
            }

            var sinks = new List<IOutputSink> { new JsonlDirectorySink(outDir, resume: restore is not null) };
            if (webhooks is not null)
            {
                sinks.Add(new WebhookSink(webhooks));
            }

            KafkaAlertPublisher? publisher = null;
            if (run.Settings.AlertsTopic is not null || run.Settings.MetricsTopic is not null)
            {
                sinks.Add(publisher = new KafkaAlertPublisher(run.Settings) { HoldUntilCheckpoint = store is not null });
            }

            await using var sink = ActionsCli.CreateSink(plan, new CompositeOutputSink([.. sinks]), LogAnalyticsCli.CreateLogAnalytics(logAnalytics), resume: restore is not null);
            await using var service = ServiceRuntime.Start(plan.Service, engine, sink, Console.Error);
            using var source = new KafkaSource(run.Settings, engine.Options.Input);
            using var progress = quiet ? null : new ProgressLine(engine); // plain lines when stderr is redirected
            var summary = await KafkaRunner.RunAsync(engine, source, sink, new KafkaRunOptions
            {
                Store = store,
                Restore = restore,
                CheckpointInterval = run.CheckpointInterval,
                StopWhenIdle = run.StopWhenIdle,
            }, stop).ConfigureAwait(false);
            progress?.Dispose();
            ConsoleReport.Print(summary, outDir, Console.Out);
            Console.Out.WriteLine($"Kafka: {source.Commits} offset commits, {summary.Checkpoints} checkpoints" +
                (store is null ? " (no --state: offsets committed only after an idle stop)" : $" ({store.LastSizeBytes:N0} bytes, {store.DirectoryPath})") +
                (summary.CheckpointFailures > 0 ? $", {summary.CheckpointFailures} FAILED (last: {summary.LastCheckpointFailure})" : string.Empty) +
                (summary.CommitFailures > 0 ? $", {summary.CommitFailures} commits refused (last: {summary.LastCommitFailure})" : string.Empty) +
                (publisher is null ? string.Empty : $"; alert topic: {publisher.Stats.Delivered} delivered, {publisher.Skipped} already published"));
            return summary.CheckpointFailures > 0 ? 3 : 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or KafkaConfigException or KafkaDeliveryException or ConfigException)
        {
            await Console.Error.WriteLineAsync("fatal: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
    }
}
