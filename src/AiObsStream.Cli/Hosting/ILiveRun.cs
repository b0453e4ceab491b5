namespace AiObsStream.Cli.Hosting;

/// <summary>A long-running mode of <c>aiobs run</c> (scrape, Kafka / Event Hubs): runs until its inputs end or it is stopped.</summary>
internal interface ILiveRun
{
    /// <summary>What a stop does, said on stderr when one is requested (e.g. "stopping consumption, checkpointing open windows...").</summary>
    string StopMessage { get; }

    /// <summary>Runs; on <paramref name="stop"/> drains, flushes or checkpoints and returns its exit code (does not throw it).</summary>
    /// <param name="stop">Cancelled when the host stops (SIGTERM, SIGINT).</param>
    /// <returns>The process exit code (README: 0 success or stop requested, 2 fatal, 3 an input or checkpoint failed).</returns>
    Task<int> RunAsync(CancellationToken stop);
}
