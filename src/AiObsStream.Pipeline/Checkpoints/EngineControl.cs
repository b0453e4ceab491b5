namespace AiObsStream.Pipeline.Checkpoints;

/// <summary>
/// Controls a long-running engine from outside (timers, signal handlers, the Kafka consumer): checkpoints on demand or
/// periodically, and stops without flushing open windows (their state goes into the final checkpoint instead).
/// </summary>
/// <remarks>Thread-safe. The sequencer picks requests up between input batches.</remarks>
public sealed class EngineControl
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<TaskCompletionSource<EngineCheckpoint>> _checkpoints = [];
    private TaskCompletionSource<EngineCheckpoint?>? _stop;

    /// <summary>Where checkpoints go; null: checkpoints are taken (and handed to <see cref="Committed"/>) but not saved.</summary>
    public CheckpointStore? Store { get; init; }

    /// <summary>The checkpoint to restore at start, or null.</summary>
    public EngineCheckpoint? Restore { get; init; }

    /// <summary>Take a checkpoint this often (wall clock); null: only on request and at stop.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>
    /// Once every input has been idle (caught up) for this long, flush every window that holds data (by advancing event
    /// time past it), checkpoint and end the run; null: wait for more input.
    /// </summary>
    public TimeSpan? StopWhenIdle { get; init; }

    /// <summary>Called after each checkpoint is durable, before the run continues (commit input offsets here).</summary>
    public Func<EngineCheckpoint, CancellationToken, Task>? Committed { get; init; }

    /// <summary>Checkpoints completed in this run.</summary>
    public long Checkpoints { get; internal set; }

    /// <summary>The last checkpoint completed in this run.</summary>
    public EngineCheckpoint? Last { get; internal set; }

    /// <summary>Wakes the sequencer when a request arrives.</summary>
    internal Task Wake
    {
        get
        {
            lock (_gate)
            {
                return _wake.Task;
            }
        }
    }

    /// <summary>Whether a stop was requested.</summary>
    public bool StopRequested
    {
        get
        {
            lock (_gate)
            {
                return _stop is not null;
            }
        }
    }

    /// <summary>Asks for a checkpoint at the next batch boundary; completes when it is durable.</summary>
    public Task<EngineCheckpoint> RequestCheckpointAsync()
    {
        var tcs = new TaskCompletionSource<EngineCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _checkpoints.Add(tcs);
            _wake.TrySetResult();
        }

        return tcs.Task;
    }

    /// <summary>
    /// Asks the engine to stop consuming, checkpoint its state (open windows included) and end without flushing them;
    /// completes with that checkpoint (null when the run had already ended).
    /// </summary>
    public Task<EngineCheckpoint?> RequestStopAsync()
    {
        lock (_gate)
        {
            _stop ??= new TaskCompletionSource<EngineCheckpoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _wake.TrySetResult();
            return _stop.Task;
        }
    }

    /// <summary>Takes the pending checkpoint requests and re-arms the wake-up.</summary>
    internal List<TaskCompletionSource<EngineCheckpoint>> TakeRequests()
    {
        lock (_gate)
        {
            var taken = _checkpoints;
            _checkpoints = [];
            if (_wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (_stop is not null)
            {
                _wake.TrySetResult(); // a stop stays pending until the run ends
            }

            return taken;
        }
    }

    internal void CompleteStop(EngineCheckpoint? checkpoint)
    {
        lock (_gate)
        {
            _stop?.TrySetResult(checkpoint);
        }
    }

    internal void FailStop(Exception error)
    {
        lock (_gate)
        {
            _stop?.TrySetException(error);
        }
    }
}
