using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <summary>
/// Posts every notification to each receiver in the Azure Monitor common alert schema (one alert per incident when the
/// notification announces one, otherwise one per alert of the notification), on its own
/// task: retries 408/429/5xx and network errors with jittered exponential backoff (honouring Retry-After), and keeps
/// what cannot be delivered (permanent 4xx, attempts exhausted, queue full, shutdown) in a dead-letter file.
/// </summary>
/// <remarks>
/// Never blocks the engine: payloads go to a bounded queue. Retries are written by hand because the pipeline project
/// takes no client packages (Polly lives in the Log Analytics adapter). Receivers should de-duplicate on
/// (essentials.alertId, monitorCondition): a timed-out request that the receiver had accepted is sent again.
/// <para>The sender never dies quietly: a dead-letter file that cannot be written (disk full, permissions) loses that
/// payload, is counted as a fault and makes the sink unhealthy (<see cref="Health"/>, <c>/readyz</c>) until a later write
/// succeeds; any other error of one delivery is counted and dead-lettered, and the loop goes on. Counters are
/// interlocked (the sender and the output stage both update them). Flush and shutdown wait on a signal, not a poll:
/// shutdown waits at most <see cref="WebhookOptions.DrainTimeout"/>, then cancels the request in flight and
/// dead-letters what is left.</para>
/// </remarks>
public sealed partial class WebhookSink : IOutputSink, ISinkHealth
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Channel<Delivery> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sender;
    private readonly Lock _deadGate = new();
    private readonly Lock _drainGate = new();
    private TaskCompletionSource? _drained;
    private long _pending;
    private long _delivered;
    private long _retries;
    private long _deadLettered;
    private long _faults;
    private long _lost;
    private string? _lastError;
    private string? _deadLetterProblem;
    private int _disposed;

    /// <summary>Creates the sink and starts its sender.</summary>
    public WebhookSink(WebhookOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.Time;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = options.RequestTimeout;
        _queue = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Payloads delivered (2xx).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Retries made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Payloads written to the dead-letter file.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Faults survived: dead-letter writes that failed (each lost its payload) and unexpected delivery errors.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Payloads lost because the dead-letter file could not be written.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Payloads queued or in flight.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <inheritdoc />
    public string SinkName => "webhook";

    /// <inheritdoc />
    public SinkHealth Health
    {
        get
        {
            var pending = Pending;
            var problem = Volatile.Read(ref _deadLetterProblem)
                ?? (pending >= _options.QueueCapacity ? $"webhook: queue full ({pending} payloads waiting; new ones are dead-lettered)" : null)
                ?? (_sender.IsCompleted && Volatile.Read(ref _disposed) == 0 ? "webhook: the sender stopped" : null);
            return new SinkHealth(Delivered, Retries, Faults, DeadLettered, pending, problem, Volatile.Read(ref _lastError));
        }
    }

    /// <inheritdoc />
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
    }

    /// <inheritdoc />
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
    }

    /// <inheritdoc />
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
    {
    }

    /// <inheritdoc />
    public void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        foreach (var n in notifications)
        {
            if (n.Incident is { } incident)
            {
                // Per-incident notifications: one payload for the incident, however many raw alerts it gathers.
                Enqueue(incident.IncidentId, Serialize(w => CommonAlertSchemaJson.WriteIncident(w, n, incident)));
                continue;
            }

            foreach (var alert in n.Alerts)
            {
                Enqueue(alert.IncidentId, Serialize(w => CommonAlertSchemaJson.Write(w, n, alert)));
            }
        }
    }

    private void Enqueue(string id, byte[] payload)
    {
        foreach (var url in _options.Urls)
        {
            Interlocked.Increment(ref _pending);
            var delivery = new Delivery(url, id, payload);
            if (!_queue.Writer.TryWrite(delivery))
            {
                DeadLetter(delivery, Volatile.Read(ref _disposed) != 0 ? "shutdown before delivery" : "queue full", 0);
            }
        }
    }

    /// <summary>Returns when every payload queued so far is delivered or dead-lettered, or after the drain timeout.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_drainGate)
        {
            // Checked under the gate that the last Finish takes too, so the signal cannot fire between check and wait.
            if (Interlocked.Read(ref _pending) == 0)
            {
                return;
            }

            drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await drained.WaitAsync(_options.DrainTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still delivering (a slow or failing receiver): the engine goes on; what is left is sent or dead-lettered later.
        }
    }

    /// <summary>Drains for at most the drain timeout, then cancels what is in flight and dead-letters the rest. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _sender.WaitAsync(_options.DrainTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false); // the sender dead-letters the rest and returns
            await _sender.ConfigureAwait(false);
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>One payload has been delivered, dead-lettered or lost: wakes a flush waiting for the queue to drain.</summary>
    private void Finish()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            lock (_drainGate)
            {
                _drained?.TrySetResult();
                _drained = null;
            }
        }
    }

    private sealed record Delivery(Uri Url, string IncidentId, byte[] Payload);
}
