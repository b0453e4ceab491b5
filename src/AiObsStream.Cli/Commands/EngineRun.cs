using AiObsStream.Cli.Hosting;
using AiObsStream.Cli.Report;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Commands;

/// <summary>Files and/or scraped endpoints through the engine into the output folder (and webhooks, Log Analytics).</summary>
internal sealed class EngineRun(RunPlan plan) : ILiveRun
{
    /// <inheritdoc/>
    public string StopMessage => "stopping inputs, draining and flushing open windows...";

    /// <inheritdoc/>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var engine = new StreamEngine(plan.Options);
        try
        {
            IOutputSink local = new JsonlDirectorySink(plan.OutDir);
            if (plan.Webhooks is not null)
            {
                local = new CompositeOutputSink(local, new WebhookSink(plan.Webhooks));
            }

            await using var sink = ActionsCli.CreateSink(plan, local, LogAnalyticsCli.CreateLogAnalytics(plan.LogAnalytics), resume: false);
            await using var service = ServiceRuntime.Start(plan.Service, engine, sink, Console.Error);
            using var progress = plan.Quiet ? null : new ProgressLine(engine); // plain lines when stderr is redirected
            var summary = await engine.RunAsync(plan.Files, plan.Urls, plan.Interval, sink, stop).ConfigureAwait(false);
            progress?.Dispose();
            ConsoleReport.Print(summary, plan.OutDir, Console.Out);
            if (plan.Report)
            {
                await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false); // every line on disk before the report reads them
                ReportCommand.WriteAfterRun(plan.OutDir, Console.Out, Console.Error, ReportCommand.Options(plan.Options, "the run's configuration"));
            }
            return RunCommand.ExitCode(summary);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("fatal: " + ex.Message).ConfigureAwait(false);
            return RunOutcome.Fatal;
        }
    }
}
