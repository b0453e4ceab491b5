using AiObsStream.LogAnalytics.Internal;

namespace AiObsStream.LogAnalytics;

/// <summary>The sender loop: delivers queued batches; while the spool is not empty, queued batches join it (sequence
/// order is delivery order) and the spool is drained head first, probing with capped exponential backoff.</summary>
public sealed partial class LogAnalyticsSink
{
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(30);
    private readonly Lock _spillLock = new();
    private long _rowsDelivered;
    private long _batchesDelivered;
    private long _gzipBytesSent;
    private long _splits;
    private long _rejectedRows;
    private volatile string? _lastError;
    private bool _failing;
    private DateTimeOffset _lastDropReport = DateTimeOffset.MinValue;

    private async Task SendLoopAsync()
    {
        var ct = _stop.Token;
        var probeDelay = _options.RetryBaseDelay;
        var nextProbe = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                QueueItem item = default;
                try
                {
                    if (_spool.Count > 0)
                    {
                        while (_queue.Reader.TryRead(out var queued))
                        {
                            Park(queued);
                        }

                        if (DateTimeOffset.UtcNow >= nextProbe)
                        {
                            var drained = await DrainSpoolAsync(ct).ConfigureAwait(false);
                            nextProbe = drained ? DateTimeOffset.MinValue : DateTimeOffset.UtcNow + probeDelay;
                            probeDelay = drained ? _options.RetryBaseDelay : Min(probeDelay * 2, _options.SpoolProbeMaxDelay);
                            continue;
                        }

                        // Clamped: the probe time may pass between the check above and here (Task.Delay throws below -1 ms).
                        var wait = Task.Delay(Max(nextProbe - DateTimeOffset.UtcNow, TimeSpan.Zero), ct);
                        await (_queue.Reader.Completion.IsCompleted ? wait : Task.WhenAny(wait, _queue.Reader.WaitToReadAsync(ct).AsTask()).Unwrap()).ConfigureAwait(false);
                        continue;
                    }

                    if (!await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                    {
                        return; // completed, queue and spool empty: everything delivered
                    }

                    if (!_queue.Reader.TryRead(out item))
                    {
                        continue;
                    }

                    if (item.Batch is { } batch)
                    {
                        var remaining = await DeliverAsync(batch, ct).ConfigureAwait(false);
                        if (remaining is not null)
                        {
                            Spill(remaining);
                            nextProbe = DateTimeOffset.UtcNow + probeDelay;
                        }
                    }

                    item.Flushed?.TrySetResult();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // The loop boundary: the sender never ends quietly. An unexpected error (the spool folder gone, a
                    // file that cannot be deleted) is counted and reported, the item in hand is released, and the loop
                    // backs off before touching the spool again.
                    Fault("sender: " + ex.Message);
                    item.Flushed?.TrySetResult();
                    nextProbe = DateTimeOffset.UtcNow + probeDelay;
                    await Task.Delay(_options.RetryBaseDelay, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown drain timed out: whatever is still queued goes to disk below.
        }
        finally
        {
            while (_queue.Reader.TryRead(out var left))
            {
                Park(left);
            }
        }
    }

    /// <summary>Puts a queued item behind the spool (batches to disk, flush markers complete: the rows are durable).</summary>
    private void Park(QueueItem item)
    {
        if (item.Batch is { } batch)
        {
            Spill(batch);
        }

        item.Flushed?.TrySetResult();
    }

    private void Spill(PayloadBatch batch)
    {
        long dropped;
        try
        {
            lock (_spillLock)
            {
                dropped = _spool.Add(batch);
            }

            Volatile.Write(ref _spoolProblem, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Disk full or the folder unwritable: these rows are lost (counted), the engine and the sender go on.
            Interlocked.Add(ref _lostRows, batch.Rows);
            var problem = $"spool '{_options.SpoolDirectory}' cannot be written ({ex.Message}); {Interlocked.Read(ref _lostRows)} rows lost so far";
            Volatile.Write(ref _spoolProblem, problem);
            Fault(problem);
            return;
        }

        if (dropped > 0 && DateTimeOffset.UtcNow - _lastDropReport >= DropReportInterval)
        {
            _lastDropReport = DateTimeOffset.UtcNow;
            Report($"spool over its limit ({_options.SpoolLimitBytes} bytes): dropped the oldest rows, {_spool.DroppedRows} rows so far ({_spool.DroppedBatches} batches)");
        }
    }

    /// <summary>Sends spooled batches oldest first; false when one failed (it stays, possibly trimmed to its unsent rows).</summary>
    private async Task<bool> DrainSpoolAsync(CancellationToken ct)
    {
        while (_spool.TryPeek(out var entry))
        {
            if (ParkIfQueueIsOlder(entry!.Seq))
            {
                continue;
            }

            PayloadBatch batch;
            try
            {
                batch = DiskSpool.Load(entry!);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                SetAside(new PayloadBatch(entry!.Seq, entry.Kind, [], entry.Rows), $"unreadable spool file {entry.Path}: {ex.Message}");
                _spool.Remove(entry.Seq);
                continue;
            }

            var remaining = await DeliverAsync(batch, ct).ConfigureAwait(false);
            if (remaining is null)
            {
                _spool.Remove(entry!.Seq);
                continue;
            }

            if (remaining.Rows != batch.Rows)
            {
                Spill(remaining); // replaces the file with the rows not yet delivered
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// Moves the queue into the spool when its head is older than the spool head <paramref name="spoolHead"/> (or is a
    /// flush marker), so the spool head is always the oldest undelivered batch. Needed because the engine spills to the
    /// spool whenever the queue is full, also while the spool drains: such a batch is newer than everything queued.
    /// </summary>
    /// <remarks>The spool head is read before the queue head. A batch spilled in between is newer than the queue head
    /// (the queue was full and only this loop reads it), so the older of the two heads is the oldest batch overall.</remarks>
    private bool ParkIfQueueIsOlder(long spoolHead)
    {
        if (!_queue.Reader.TryPeek(out var next) || (next.Batch is { } queued && queued.Seq > spoolHead))
        {
            return false;
        }

        while (_queue.Reader.TryRead(out var item))
        {
            Park(item);
        }

        return true;
    }

    /// <summary>Sends one batch, halving it on 413. Returns null when every row was delivered (or set aside as rejected),
    /// otherwise the undelivered rows (a suffix of the batch, same sequence number).</summary>
    private async Task<PayloadBatch?> DeliverAsync(PayloadBatch batch, CancellationToken ct)
    {
        var work = new List<PayloadBatch> { batch };
        while (work.Count > 0)
        {
            var b = work[0];
            var gzip = GzipCodec.Compress(b.Json, _options.Compression);
            IngestionResult result;
            if (gzip.Length > LogAnalyticsOptions.ServiceLimitBytes || b.Json.Length > LogAnalyticsOptions.ServiceLimitBytes)
            {
                result = new IngestionResult(DeliveryStatus.TooLarge, 0, $"batch of {b.Json.Length} bytes ({gzip.Length} gzip) is over the 1 MiB limit");
            }
            else
            {
                try
                {
                    result = await _client.PostAsync(b.Kind, gzip, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return JsonArraySplitter.Concat(work);
                }
            }

            switch (result.Status)
            {
                case DeliveryStatus.Delivered:
                    work.RemoveAt(0);
                    Interlocked.Add(ref _rowsDelivered, b.Rows);
                    Interlocked.Increment(ref _batchesDelivered);
                    Interlocked.Add(ref _gzipBytesSent, gzip.Length);
                    break;
                case DeliveryStatus.TooLarge when b.Rows > 1:
                    var (first, second) = JsonArraySplitter.Halve(b);
                    work[0] = first;
                    work.Insert(1, second);
                    Interlocked.Increment(ref _splits);
                    break;
                case DeliveryStatus.TooLarge or DeliveryStatus.Rejected:
                    SetAside(b, $"{result.HttpStatus} from stream {StreamName(b.Kind)}: {result.Detail}");
                    work.RemoveAt(0);
                    break;
                default:
                    ReportFailure(b.Kind, result);
                    return JsonArraySplitter.Concat(work);
            }
        }

        if (_failing)
        {
            _failing = false;
            Report($"delivering again ({_spool.Count} batches left in the spool)");
        }

        return null;
    }

    private void ReportFailure(StreamKind kind, IngestionResult r)
    {
        var stream = StreamName(kind);
        var message = r.Status switch
        {
            DeliveryStatus.AuthFailed =>
                $"{r.HttpStatus} {(r.HttpStatus == 401 ? "Unauthorized" : "Forbidden")} from data collection rule '{_options.DcrImmutableId}' (stream {stream}): "
                + $"the identity ({_tokens.Describe}, scope {_options.Scope}) needs the 'Monitoring Metrics Publisher' role on DCR '{_options.DcrImmutableId}' "
                + "(a new role assignment can take up to 30 minutes to apply)",
            DeliveryStatus.NotFound => $"404 from {_client.UriOf(kind).GetLeftPart(UriPartial.Path)}: check the DCR immutable id (--dcr) and stream name",
            _ => $"service unavailable for stream {stream} after {_options.MaxRetryAttempts} retries ({(r.HttpStatus == 0 ? "no response" : r.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture))})",
        };
        message += $". Rows are kept in the spool '{_options.SpoolDirectory}' and sent when the service accepts them. Service said: {Trim(r.Detail)}";
        if (!_failing || !string.Equals(message, _lastError, StringComparison.Ordinal))
        {
            Report(message);
        }

        _failing = true;
        _lastError = message;
    }

    /// <summary>Keeps a batch the service refused permanently under spool/rejected (never dropped silently).</summary>
    private void SetAside(PayloadBatch batch, string reason)
    {
        var dir = Path.Combine(_options.SpoolDirectory, "rejected");
        Interlocked.Add(ref _rejectedRows, batch.Rows);
        try
        {
            Directory.CreateDirectory(dir);
            var name = Path.Combine(dir, $"{batch.Seq:D19}-{StreamKinds.Letter(batch.Kind)}-{Guid.NewGuid():N}");
            if (batch.Json.Length > 0)
            {
                File.WriteAllBytes(name + ".json.gz", GzipCodec.Compress(batch.Json, _options.Compression));
            }

            File.WriteAllText(name + ".txt", reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref _lostRows, batch.Rows);
            Fault($"rejected {batch.Rows} rows ({reason}) could not be kept in {dir}: {ex.Message}");
            return;
        }

        _lastError = $"rejected {batch.Rows} rows ({reason}); kept in {dir}";
        Report(_lastError);
    }

    private string StreamName(StreamKind kind) => kind switch
    {
        StreamKind.Metrics => _options.MetricsStream,
        StreamKind.Alerts => _options.AlertsStream,
        StreamKind.Actions => _options.ActionsStream,
        _ => _options.IncidentsStream,
    };

    private static string Trim(string detail) => detail.Length <= 300 ? detail : detail[..300] + "…";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
