using Microsoft.Extensions.Hosting;

namespace AiObsStream.Cli.Hosting;

/// <summary>
/// Runs the long-running mode under the generic host: the console lifetime turns SIGTERM / SIGINT into a stop, which
/// cancels the run; the run drains (and checkpoints) before it returns, and its exit code is kept in <see cref="RunOutcome"/>.
/// </summary>
/// <remarks>
/// The loop boundary: an exception from the run is reported and becomes exit code 2, it never escapes into the host.
/// When the run ends by itself (inputs finished, <c>--stop-when-idle</c>) the service stops the host.
/// </remarks>
internal sealed class LiveRunService(ILiveRun run, RunOutcome outcome, IHostApplicationLifetime lifetime, TextWriter? log = null) : BackgroundService
{
    private readonly TextWriter _log = log ?? Console.Error;

    /// <inheritdoc/>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Said only when the stop comes from outside (a signal) while the run is still going: a run that ended by
        // itself has stopped the host. (Not a callback on the stopping token: a run that completes inline on
        // cancellation would dispose that registration before it is invoked.)
        if (ExecuteTask is { IsCompleted: false })
        {
            _log.WriteLine("stop requested: " + run.StopMessage);
        }

        return base.StopAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            outcome.ExitCode = await run.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome.ExitCode = 0; // stop requested: README exit code 0
        }
        catch (Exception ex)
        {
            await _log.WriteLineAsync("fatal: " + ex.Message).ConfigureAwait(false);
            outcome.ExitCode = RunOutcome.Fatal;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
