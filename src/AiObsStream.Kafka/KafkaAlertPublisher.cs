using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.Kafka.Internal;
using AiObsStream.Pipeline.Sinks;
using Confluent.Kafka;

namespace AiObsStream.Kafka;

/// <summary>
/// Output sink that produces one CloudEvent per incident state change to <see cref="KafkaSettings.AlertsTopic"/> (key =
/// IncidentId, so the changes of one incident stay ordered in one partition), raw alert state changes there too only
/// with <see cref="KafkaSettings.PublishRawAlerts"/> (key = AlertId), and, optionally, one JSON message per metric row to
/// <see cref="KafkaSettings.MetricsTopic"/> (key = RowId), with an idempotent producer. Schema: docs/alert-topic.md.
/// </summary>
/// <remarks>
/// Write methods are called from the single output stage, never concurrently; delivery reports arrive on the producer's
/// poll thread and only touch interlocked counters. <see cref="FlushAsync"/> waits for every delivery report and throws
/// <see cref="KafkaDeliveryException"/> once any message failed: the failure is sticky, so offsets covering a lost alert can
/// never be committed by a later successful flush. Dead letters and notifications are not published. With
/// <see cref="HoldUntilCheckpoint"/> the alert topic's state changes wait for the checkpoint that covers them
/// (KafkaAlertPublisher.Hold.cs).
/// </remarks>
public sealed partial class KafkaAlertPublisher : IOutputSink
{
    private static readonly byte[] StructuredContentType = Encoding.UTF8.GetBytes(CloudEventWriter.StructuredContentType);
    private static readonly byte[] JsonContentType = "application/json"u8.ToArray();

    /// <summary>Longest wait for outstanding deliveries in <see cref="DisposeAsync"/> (the shutdown budget is 10 s in all).</summary>
    public static readonly TimeSpan DisposeFlushLimit = TimeSpan.FromSeconds(5);

    private readonly IProducer<string, byte[]> _producer;
    private readonly string? _alertsTopic;
    private readonly string? _metricsTopic;
    private readonly TimeSpan _deliveryTimeout;
    private readonly CloudEventWriter _events;
    private readonly ArrayBufferWriter<byte> _rowBuffer = new(1024);
    private readonly Utf8JsonWriter _rowWriter;
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private long _produced;
    private long _delivered;
    private long _failed;
    private long _alerts;
    private long _incidents;
    private long _rows;
    private string? _lastError;
    private readonly KafkaSettings _settings;
    private HashSet<string>? _published;
    private int _disposed;

    /// <summary>Creates the publisher and its producer (no broker round trip yet).</summary>
    /// <param name="settings">Validated settings with <see cref="KafkaSettings.AlertsTopic"/> and/or <see cref="KafkaSettings.MetricsTopic"/>.</param>
    /// <param name="source">CloudEvents <c>source</c>; default <c>/aiobs/GROUPID</c> (stable across restarts of the same job).</param>
    /// <exception cref="KafkaConfigException">Neither topic is set.</exception>
    /// <exception cref="InvalidOperationException">librdkafka cannot be loaded.</exception>
    public KafkaAlertPublisher(KafkaSettings settings, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.AlertsTopic is null && settings.MetricsTopic is null)
        {
            throw new KafkaConfigException("AlertsTopic (--alerts-topic) or MetricsTopic (--metrics-topic): one is required to publish.");
        }

        _ = KafkaNative.Version;
        _settings = settings;
        _alertsTopic = settings.AlertsTopic;
        _metricsTopic = settings.MetricsTopic;
        _deliveryTimeout = settings.DeliveryTimeout;
        _events = new CloudEventWriter(source ?? "/aiobs/" + Uri.EscapeDataString(settings.GroupId));
        _rowWriter = new Utf8JsonWriter(_rowBuffer);
        _onDelivery = OnDelivery;
        _producer = new ProducerBuilder<string, byte[]>(settings.BuildProducerConfig())
            .SetErrorHandler((_, error) => Volatile.Write(ref _lastError, "client: " + error.Reason))
            .SetLogHandler(static (_, _) => { })
            .Build();
    }

    /// <summary>Counters (delivered/failed are updated as delivery reports arrive; readable from any thread).</summary>
    public KafkaPublisherStats Stats => new(
        Interlocked.Read(ref _produced),
        Interlocked.Read(ref _delivered),
        Interlocked.Read(ref _failed),
        _alerts,
        _rows,
        Volatile.Read(ref _lastError))
    {
        IncidentsProduced = _incidents,
    };

    /// <inheritdoc />
    /// <exception cref="KafkaDeliveryException">The local queue stayed full for the whole delivery timeout.</exception>
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (_alertsTopic is null || !_settings.PublishRawAlerts)
        {
            return; // the topic carries incidents; alerts.jsonl keeps the raw record
        }

        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (AlreadyPublished(CloudEventWriter.IdOf(alert)))
            {
                continue;
            }

            Publish(new HeldMessage(CloudEventWriter.IdOf(alert), alert.AlertId, _events.Write(alert), Incident: false));
        }
    }

    /// <inheritdoc />
    /// <exception cref="KafkaDeliveryException">The local queue stayed full for the whole delivery timeout.</exception>
    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (_alertsTopic is null)
        {
            return;
        }

        for (var i = 0; i < incidents.Count; i++)
        {
            var incident = incidents[i];
            if (AlreadyPublished(CloudEventWriter.IdOf(incident)))
            {
                continue;
            }

            Publish(new HeldMessage(CloudEventWriter.IdOf(incident), incident.IncidentId, _events.Write(incident), Incident: true));
        }
    }

    private bool AlreadyPublished(string id)
    {
        if (_published is { Count: > 0 } published && published.Remove(id))
        {
            Skipped++; // already on the topic from before a crash: replay must not announce it twice
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    /// <exception cref="KafkaDeliveryException">The local queue stayed full for the whole delivery timeout.</exception>
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (_metricsTopic is null)
        {
            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            _rowBuffer.ResetWrittenCount();
            _rowWriter.Reset(_rowBuffer);
            MetricRowJson.Write(_rowWriter, row);
            _rowWriter.Flush();
            var key = row.RowId.ToString("x16", CultureInfo.InvariantCulture);
            Produce(_metricsTopic, key, _rowBuffer.WrittenSpan.ToArray(), JsonContentType);
            _rows++;
        }
    }

    /// <summary>Incident and alert state changes not produced after a restart because the topic already carried them.</summary>
    public long Skipped { get; private set; }

    /// <summary>
    /// Waits for every delivery, then records the alert topic's end offsets and the state changes held for this
    /// checkpoint (see <see cref="HoldUntilCheckpoint"/>; they are produced by <see cref="CheckpointSavedAsync"/>): a
    /// restart from this checkpoint reads the topic from those offsets, skips the state changes it finds there and
    /// produces the held ones it does not find.
    /// </summary>
    public async Task<byte[]> CheckpointAsync(CancellationToken cancellationToken)
    {
        await FlushDeliveriesAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        var ends = _alertsTopic is null ? new Dictionary<int, long>()
            : await Task.Run(() => AlertTopicReader.QueryEndOffsets(_settings, _alertsTopic), cancellationToken).ConfigureAwait(false);
        w.Write(ends.Count);
        foreach (var (partition, end) in ends.OrderBy(e => e.Key))
        {
            w.Write(partition);
            w.Write(end);
        }

        SaveHeld(w);
        w.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads what was published after the checkpoint (before a crash) so that replay does not publish it again, then
    /// produces the state changes the checkpoint held that the topic does not carry yet.
    /// </summary>
    public async Task RestoreAsync(byte[] state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_alertsTopic is null)
        {
            return;
        }

        using var r = new BinaryReader(new MemoryStream(state));
        var count = state.Length == 0 ? 0 : r.ReadInt32();
        var from = new Dictionary<int, long>(count);
        for (var i = 0; i < count; i++)
        {
            from[r.ReadInt32()] = r.ReadInt64();
        }

        var held = ReadHeld(r);
        _published = await AlertTopicReader.ReadPublishedIdsAsync(_settings, _alertsTopic, from, cancellationToken).ConfigureAwait(false);
        foreach (var message in held)
        {
            if (!AlreadyPublished(message.Id))
            {
                Produce(message);
            }
        }
    }

    /// <inheritdoc />
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
    {
    }

    /// <summary>
    /// The end of a run: produces the state changes still held (a run that ends without a final checkpoint publishes
    /// what it computed, as without <see cref="HoldUntilCheckpoint"/>), then waits until the broker has acknowledged
    /// (or failed) every message produced so far.
    /// </summary>
    /// <exception cref="KafkaDeliveryException">Some message, now or earlier, was not delivered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ProduceHeld(_held.Count);
        await FlushDeliveriesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the broker has acknowledged (or failed) every message produced so far.</summary>
    private async Task FlushDeliveriesAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Read(ref _produced) != Interlocked.Read(ref _delivered) + Interlocked.Read(ref _failed))
        {
            // Flush blocks a thread until delivery reports are served (bounded by message.timeout.ms).
            await Task.Run(() => _producer.Flush(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        ThrowIfFailed();
    }

    /// <summary>Flushes (at most <see cref="DisposeFlushLimit"/>, errors swallowed) and disposes the producer; idempotent.</summary>
    /// <remarks>Messages still unacknowledged after the limit are dropped: call <see cref="FlushAsync"/> first and commit
    /// offsets only after it succeeded, so dropped messages are re-derived from replayed input.</remarks>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            _producer.Flush(_deliveryTimeout < DisposeFlushLimit ? _deliveryTimeout : DisposeFlushLimit);
        }
        catch (KafkaException ex)
        {
            Volatile.Write(ref _lastError, "dispose: " + ex.Error.Reason);
        }

        _producer.Dispose();
        _rowWriter.Dispose();
        _events.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Produce(string topic, string key, byte[] value, byte[] contentType)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var message = new Message<string, byte[]> { Key = key, Value = value, Headers = new Headers { { "content-type", contentType } } };
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, _onDelivery);
                Interlocked.Increment(ref _produced);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && Stopwatch.GetElapsedTime(started) < _deliveryTimeout)
            {
                // Backpressure: let in-flight messages drain, then try again (bounded by the delivery timeout).
                _producer.Flush(TimeSpan.FromMilliseconds(100));
            }
            catch (ProduceException<string, byte[]> ex)
            {
                Volatile.Write(ref _lastError, "produce: " + ex.Error.Reason);
                throw new KafkaDeliveryException($"Producing to topic '{topic}' failed: {ex.Error.Reason}.", ex);
            }
        }
    }

    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Volatile.Write(ref _lastError, $"delivery to {report.Topic}: {report.Error.Reason}");
            Interlocked.Increment(ref _failed);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }

    private void ThrowIfFailed()
    {
        var failed = Interlocked.Read(ref _failed);
        if (failed > 0)
        {
            throw new KafkaDeliveryException(string.Create(CultureInfo.InvariantCulture,
                $"{failed} of {Interlocked.Read(ref _produced)} Kafka messages were not delivered (last error: {Volatile.Read(ref _lastError)})."));
        }
    }
}
