using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;

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
/// </remarks>
public sealed class WebhookSink : IOutputSink
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly WebhookOptions _options;
    private readonly HttpClient _http;
    private readonly Channel<Delivery> _queue;
    private readonly Task _sender;
    private readonly Lock _deadGate = new();
    private long _pending;

    /// <summary>Creates the sink and starts its sender.</summary>
    public WebhookSink(WebhookOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = options.RequestTimeout;
        _queue = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Payloads delivered (2xx).</summary>
    public long Delivered { get; private set; }

    /// <summary>Retries made.</summary>
    public long Retries { get; private set; }

    /// <summary>Payloads written to the dead-letter file.</summary>
    public long DeadLettered { get; private set; }

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
                DeadLetter(delivery, "queue full", 0);
            }
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _options.DrainTimeout;
        while (Interlocked.Read(ref _pending) > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            DeadLetter(left, "shutdown before delivery", 0);
        }

        await _sender.ConfigureAwait(false);
        _http.Dispose();
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

    private async Task SendLoopAsync()
    {
        await foreach (var delivery in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await DeliverAsync(delivery).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(Delivery delivery)
    {
        string error = string.Empty;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var content = new ByteArrayContent(delivery.Payload);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await _http.PostAsync(delivery.Url, content).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Delivered++;
                    Interlocked.Decrement(ref _pending);
                    return;
                }

                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode))
                {
                    DeadLetter(delivery, error, attempt);
                    return;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                error = ex is TaskCanceledException ? $"timed out after {_options.RequestTimeout}" : ex.Message;
            }

            if (attempt < _options.MaxAttempts)
            {
                Retries++;
                await Task.Delay(Backoff(attempt, retryAfter)).ConfigureAwait(false);
            }
        }

        DeadLetter(delivery, error, _options.MaxAttempts);
    }

    private static bool IsTransient(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() * 0.5));
        var wait = Math.Max(jittered, retryAfter?.TotalMilliseconds ?? 0);
        return TimeSpan.FromMilliseconds(Math.Min(wait, _options.MaxDelay.TotalMilliseconds));
    }

    private void DeadLetter(Delivery delivery, string error, int attempts)
    {
        lock (_deadGate)
        {
            var line = JsonSerializer.Serialize(new
            {
                Url = delivery.Url.ToString(),
                delivery.IncidentId,
                Error = error,
                Attempts = attempts,
                Payload = Encoding.UTF8.GetString(delivery.Payload),
            });
            File.AppendAllText(_options.DeadLetterPath, line + "\n");
            DeadLettered++;
        }

        Interlocked.Decrement(ref _pending);
    }

    private sealed record Delivery(Uri Url, string IncidentId, byte[] Payload);
}
