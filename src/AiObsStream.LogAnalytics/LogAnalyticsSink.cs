using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.LogAnalytics.Internal;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.LogAnalytics;

/// <summary>
/// Sends metric rows (AiObsMetrics_CL), alert events (AiObsAlerts_CL) and incident state changes (AiObsIncidents_CL) to
/// Azure Monitor through the Logs Ingestion
/// API: gzip JSON arrays of at most 1 MB, retried on 408/429/5xx/timeouts; what cannot be delivered goes to a bounded
/// on-disk spool that is drained in order when the service recovers and resumed after a restart.
/// </summary>
/// <remarks>
/// The Write* methods are called by the engine's single output stage: they serialize and batch synchronously and never
/// wait for the network (a full in-memory queue spills to the spool). One background loop sends, one request at a time.
/// Delivery is at least once: a request that timed out after the service accepted it is sent again, and the duplicate
/// rows carry the same RowId. Dead letters are not sent (no table for them).
/// <para>Order, per stream and across restarts: batches are numbered when sealed, and a batch is sent only after every
/// older one was acknowledged (or set aside as rejected, or dropped past the spool limit), whether it waits in memory
/// or in the spool. So the acknowledged requests carry the rows exactly once, in production order. The one exception is
/// an attempt whose answer the sink never saw (a timeout, a network error, or a request abandoned when
/// <see cref="LogAnalyticsOptions.ShutdownDrainTimeout"/> ends): the service may still accept it, at any later time, even
/// after a restart has sent the same rows again. Such a copy repeats a whole request of rows that are also delivered
/// in order (same RowIds and revisions), so dropping such repeats gives production order.</para>
/// </remarks>
public sealed partial class LogAnalyticsSink : IOutputSink
{
    private readonly LogAnalyticsOptions _options;
    private readonly DiskSpool _spool;
    private readonly AccessTokenSource _tokens;
    private readonly IngestionClient _client;
    private readonly Channel<QueueItem> _queue;
    private readonly BatchBuilder _metrics;
    private readonly BatchBuilder _alerts;
    private readonly BatchBuilder _incidents;
    private readonly BatchBuilder _actions;
    private readonly Func<long> _nextSeq;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private long _seq;
    private long _rowsAccepted;
    private int _disposed;

    /// <summary>Validates the options, opens (and resumes) the spool and starts the sender.</summary>
    /// <exception cref="LogAnalyticsConfigException">A setting is invalid; the message names it.</exception>
    public LogAnalyticsSink(LogAnalyticsOptions options)
        : this(options, null)
    {
    }

    internal LogAnalyticsSink(LogAnalyticsOptions options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var warning in LogAnalyticsOptionsValidator.ThrowIfInvalid(options))
        {
            options.Diagnostics?.Invoke("warning: " + warning);
        }

        _options = options;
        try
        {
            _spool = new DiskSpool(options.SpoolDirectory, options.SpoolLimitBytes, options.Compression);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LogAnalyticsConfigException($"SpoolDirectory (--spool): cannot use '{options.SpoolDirectory}': {ex.Message}", ex);
        }

        _seq = _spool.MaxSeq;
        if (_spool.Count > 0)
        {
            Report($"resuming the spool: {_spool.Count} batches ({_spool.Rows} rows) in '{options.SpoolDirectory}'");
        }

        _tokens = new AccessTokenSource(options);
        _client = new IngestionClient(options, _tokens, handler);
        _queue = Channel.CreateBounded<QueueItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _nextSeq = () => Interlocked.Increment(ref _seq);
        _metrics = new BatchBuilder(StreamKind.Metrics, options.MaxBatchBytes);
        _alerts = new BatchBuilder(StreamKind.Alerts, options.MaxBatchBytes);
        _incidents = new BatchBuilder(StreamKind.Incidents, options.MaxBatchBytes);
        _actions = new BatchBuilder(StreamKind.Actions, options.MaxBatchBytes);
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>A snapshot of the counters.</summary>
    public LogAnalyticsSinkStats Stats => new(
        Interlocked.Read(ref _rowsAccepted), Interlocked.Read(ref _rowsDelivered), Interlocked.Read(ref _batchesDelivered),
        Interlocked.Read(ref _gzipBytesSent), _client.Requests, _client.Retries, Interlocked.Read(ref _splits),
        _spool.Count, _spool.Bytes, _spool.DroppedRows, Interlocked.Read(ref _rejectedRows), _lastError);

    /// <inheritdoc />
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            Enqueue(_metrics.Add(rows[i], MetricRowJson.Write, _nextSeq));
        }

        Interlocked.Add(ref _rowsAccepted, rows.Count);
    }

    /// <inheritdoc />
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        for (var i = 0; i < alerts.Count; i++)
        {
            Enqueue(_alerts.Add(alerts[i], AlertJson.Write, _nextSeq));
        }

        Interlocked.Add(ref _rowsAccepted, alerts.Count);
    }

    /// <inheritdoc />
    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        for (var i = 0; i < incidents.Count; i++)
        {
            Enqueue(_incidents.Add(incidents[i], IncidentJson.Write, _nextSeq));
        }

        Interlocked.Add(ref _rowsAccepted, incidents.Count);
    }

    /// <summary>Ignored: dead letters have no Log Analytics table (they go to the file sink).</summary>
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
    {
    }

    /// <summary>Returns when every row written so far is delivered or on disk in the spool.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        SealAll();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new QueueItem(null, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends what is pending, tries to drain the spool for <see cref="LogAnalyticsOptions.ShutdownDrainTimeout"/>,
    /// and leaves the rest in the spool for the next start. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        SealAll();
        _queue.Writer.TryComplete();
        _stop.CancelAfter(_options.ShutdownDrainTimeout);
        await _sender.ConfigureAwait(false);
        _client.Dispose();
        _stop.Dispose();
        _metrics.Dispose();
        _alerts.Dispose();
        _incidents.Dispose();
        _actions.Dispose();
        var s = Stats;
        Report($"delivered {s.RowsDelivered} of {s.RowsAccepted} rows this run in {s.BatchesDelivered} requests ({s.GzipBytesSent} gzip bytes, {s.Retries} retries, {s.Splits} splits); spool dropped {s.SpoolDroppedRows}, rejected {s.RejectedRows}");
        if (s.SpooledBatches > 0)
        {
            Report($"stopped with {s.SpooledBatches} batches ({_spool.Rows} rows) kept in the spool '{_options.SpoolDirectory}'; they are sent on the next start");
        }
    }

    private void SealAll()
    {
        Enqueue(_metrics.Seal(_nextSeq));
        Enqueue(_alerts.Seal(_nextSeq));
        Enqueue(_incidents.Seal(_nextSeq));
        Enqueue(_actions.Seal(_nextSeq));
    }

    private void Enqueue(PayloadBatch? batch)
    {
        if (batch is not null && !_queue.Writer.TryWrite(new QueueItem(batch, null)))
        {
            // The sender is behind (slow or failing service): keep the engine running and the rows durable.
            Spill(batch);
        }
    }

    private void Report(string message) => _options.Diagnostics?.Invoke("log-analytics: " + message);

    private readonly record struct QueueItem(PayloadBatch? Batch, TaskCompletionSource? Flushed);
}
