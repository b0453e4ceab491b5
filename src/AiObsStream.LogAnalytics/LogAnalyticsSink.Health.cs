using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.LogAnalytics;

/// <summary>Health for <c>/metrics</c> and <c>/readyz</c>: the sink's own I/O faults (spool, rejected folder, sender loop).</summary>
public sealed partial class LogAnalyticsSink : ISinkHealth
{
    private long _faults;
    private long _lostRows;
    private string? _spoolProblem;

    /// <inheritdoc />
    public string SinkName => "log_analytics";

    /// <summary>The sink's own faults survived (spool or rejected files not writable, sender loop errors).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Rows lost because neither the service nor the spool could take them.</summary>
    public long LostRows => Interlocked.Read(ref _lostRows);

    /// <inheritdoc />
    /// <remarks>Unhealthy while the spool cannot be written, and while delivery is failing (rows wait in the spool:
    /// nothing is lost yet, but the results are not reaching the workspace).</remarks>
    public SinkHealth Health
    {
        get
        {
            var s = Stats;
            var problem = Volatile.Read(ref _spoolProblem)
                ?? (Volatile.Read(ref _failing) ? $"delivery failing, {s.SpooledBatches} batches spooled: {s.LastError}" : null);
            var queued = _queue.Reader.CanCount ? _queue.Reader.Count : 0;
            return new SinkHealth(s.RowsDelivered, s.Retries, Faults, s.RejectedRows + s.SpoolDroppedRows, queued, problem, s.LastError);
        }
    }

    private void Fault(string message)
    {
        Interlocked.Increment(ref _faults);
        _lastError = message;
        Report(message);
    }
}
