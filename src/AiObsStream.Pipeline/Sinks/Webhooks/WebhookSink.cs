using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.Pipeline.Diagnostics;
using AiObsStream.Pipeline.Sinks.Http;

namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <summary>
/// Posts every notification to each receiver in the Azure Monitor common alert schema (one alert per incident when the
/// notification announces one, otherwise one per alert of the notification), on its own
/// task: retries 408/429/5xx and network errors with jittered exponential backoff (honouring Retry-After), and keeps
/// what cannot be delivered (permanent 4xx, attempts exhausted, queue full, shutdown) in a dead-letter file.
/// </summary>
/// <remarks>
/// Never blocks the engine: payloads go to the bounded queue of a <see cref="RetryingPoster{T}"/> (the delivery loop this
/// sink shares with the action sink). Receivers should de-duplicate on (essentials.alertId, monitorCondition): a
/// timed-out request that the receiver had accepted is sent again.
/// <para>The sender never dies quietly: a dead-letter file that cannot be written (disk full, permissions) loses that
/// payload, is counted as a fault and makes the sink unhealthy (<see cref="Health"/>, <c>/readyz</c>) until a later write
/// succeeds; any other error of one delivery is counted and dead-lettered, and the loop goes on. Flush and shutdown
/// wait at most <see cref="WebhookOptions.DrainTimeout"/>, then the request in flight is cancelled and what is left is
/// dead-lettered.</para>
/// </remarks>
public sealed partial class WebhookSink : IOutputSink, ISinkHealth
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly WebhookOptions _options;
    private readonly RetryingPoster<Delivery> _poster;
    private readonly Lock _deadGate = new();
    private long _delivered;
    private long _deadLettered;
    private long _lost;
    private string? _deadLetterProblem;

    /// <summary>Creates the sink and starts its sender.</summary>
    public WebhookSink(WebhookOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var settings = new PostSettings(options.MaxAttempts, options.BaseDelay, options.MaxDelay, options.RequestTimeout,
            options.QueueCapacity, options.DrainTimeout, options.Time);
        _poster = new RetryingPoster<Delivery>(settings, Request, d => d.Url.ToString(), Completed, handler);
    }

    /// <summary>Payloads delivered (2xx).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Retries made.</summary>
    public long Retries => _poster.Retries;

    /// <summary>Payloads written to the dead-letter file.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Faults survived: dead-letter writes that failed (each lost its payload) and unexpected delivery errors.</summary>
    public long Faults => _poster.Faults;

    /// <summary>Payloads lost because the dead-letter file could not be written.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Payloads queued or in flight.</summary>
    public long Pending => _poster.Pending;

    /// <inheritdoc />
    public string SinkName => "webhook";

    /// <inheritdoc />
    public SinkHealth Health
    {
        get
        {
            var problem = Volatile.Read(ref _deadLetterProblem)
                ?? _poster.Problem("webhook", "payloads", "new ones are dead-lettered");
            return new SinkHealth(Delivered, Retries, Faults, DeadLettered, Pending, problem, _poster.LastError);
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
            _poster.Enqueue(new Delivery(url, id, payload));
        }
    }

    /// <summary>Returns when every payload queued so far is delivered or dead-lettered, or after the drain timeout.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _poster.FlushAsync(cancellationToken);

    /// <summary>Drains for at most the drain timeout, then cancels what is in flight and dead-letters the rest. Idempotent.</summary>
    public ValueTask DisposeAsync() => _poster.DisposeAsync();

    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private sealed record Delivery(Uri Url, string IncidentId, byte[] Payload);
}
