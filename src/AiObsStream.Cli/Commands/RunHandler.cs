using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Hosting;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// Handles <c>aiobs run</c>: composes the configuration (read once, every section validated) and the command line into a
/// <see cref="RunPlan"/>, then replays files directly or hosts a long-running mode (scrape, Kafka) as a BackgroundService.
/// </summary>
/// <remarks>
/// File replay stays a plain handler: it ends when its inputs end, its exit code is the run's result, and the generic
/// host would add nothing but start-up time (assemblies loaded and jitted) to every short run; SIGINT / SIGTERM still
/// stop its inputs and drain. Every mode goes through the same composition root, so a bad setting stops the start (exit
/// 1) before any input is read.
/// </remarks>
internal sealed class RunHandler(ParseResult parse)
{
    /// <summary>Exit code for invalid arguments or configuration.</summary>
    public const int InvalidArguments = 1;

    /// <summary>Runs the command; returns the README's exit code.</summary>
    public async Task<int> InvokeAsync(CancellationToken ct)
    {
        ConfigDocument document;
        RunPlan plan;
        try
        {
            document = parse.GetValue(RunCommand.Config) is { } path ? ConfigDocument.Load(path) : ConfigDocument.Empty;
            using var services = new ServiceCollection().AddRunComposition(document, parse).BuildServiceProvider();
            EngineConfiguration.ValidateOnStart(services);
            plan = services.GetRequiredService<RunPlan>();
        }
        catch (Exception ex) when (ex is ConfigException or ArgumentException or LogAnalyticsConfigException or JsonException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return InvalidArguments;
        }

        return plan.IsLive ? await HostAsync(document, plan).ConfigureAwait(false) : await ReplayAsync(plan, ct).ConfigureAwait(false);
    }

    /// <summary>The long-running modes under the generic host with the console lifetime (SIGTERM / SIGINT stop the host).</summary>
    internal static async Task<int> HostAsync(ConfigDocument document, RunPlan plan)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddEngineConfiguration(document);
        builder.Services.AddSingleton(plan);
        builder.Services.AddSingleton<RunOutcome>();
        builder.Services.AddSingleton<ILiveRun>(_ => plan.Kafka is not null ? new KafkaRun(plan) : new EngineRun(plan));
        builder.Services.AddHostedService<LiveRunService>();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        // The run drains, flushes and checkpoints before it returns: the host waits for it (bounded by the pipeline's
        // bounded channels; a container's stop grace period is the outer bound), so no window in flight is lost.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        using var host = builder.Build();
        var outcome = host.Services.GetRequiredService<RunOutcome>(); // RunAsync disposes the host's services
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return InvalidArguments;
        }

        return outcome.ExitCode;
    }

    private static async Task<int> ReplayAsync(RunPlan plan, CancellationToken ct)
    {
        // SIGINT/SIGTERM stop the inputs; the pipeline then drains, flushes every open window, prints the summary and
        // exits 0 (a container's stop must not lose the windows in flight).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gc = BatchGcScope.Enter(); // a bounded job: no background collections (see BatchGcScope)
        var run = new EngineRun(plan);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop, run));
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop, run));
        return await run.RunAsync(stop.Token).ConfigureAwait(false);
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop, EngineRun run)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: {run.StopMessage}");
        stop.Cancel();
    }
}
