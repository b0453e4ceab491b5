using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;

namespace AiObsStream.Pipeline.Sinks;

/// <summary>Writes metrics.jsonl, alerts.jsonl, notifications.jsonl and deadletter.jsonl into a folder (one JSON object per line).</summary>
public sealed class JsonlDirectorySink : IOutputSink
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly JsonlFile _metrics;
    private readonly JsonlFile _alerts;
    private readonly JsonlFile _dead;
    private readonly JsonlFile _notifications;

    /// <summary>Creates the folder if needed and truncates the three files.</summary>
    public JsonlDirectorySink(string directory)
    {
        Directory.CreateDirectory(directory);
        _metrics = new JsonlFile(Path.Combine(directory, "metrics.jsonl"));
        _alerts = new JsonlFile(Path.Combine(directory, "alerts.jsonl"));
        _dead = new JsonlFile(Path.Combine(directory, "deadletter.jsonl"));
        _notifications = new JsonlFile(Path.Combine(directory, "notifications.jsonl"));
    }

    /// <summary>Rows written.</summary>
    public long RowsWritten => _metrics.Lines;

    /// <summary>Alert events written.</summary>
    public long AlertsWritten => _alerts.Lines;

    /// <summary>Dead letters written.</summary>
    public long DeadLettersWritten => _dead.Lines;

    /// <inheritdoc />
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            _metrics.Write(w => MetricRowJson.Write(w, row));
        }
    }

    /// <inheritdoc />
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts)
        {
            _alerts.Write(w => AlertJson.Write(w, alert));
        }
    }

    /// <inheritdoc />
    public void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        foreach (var n in notifications)
        {
            _notifications.Write(w => NotificationJson.Write(w, n));
        }
    }

    /// <inheritdoc />
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            _dead.Write(w => DeadLetterJson.Write(w, item));
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _metrics.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _alerts.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _dead.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _notifications.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _metrics.DisposeAsync().ConfigureAwait(false);
        await _alerts.DisposeAsync().ConfigureAwait(false);
        await _dead.DisposeAsync().ConfigureAwait(false);
        await _notifications.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class JsonlFile : IAsyncDisposable
    {
        private readonly FileStream _stream;
        private readonly Utf8JsonWriter _writer;

        public JsonlFile(string path)
        {
            _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            _writer = new Utf8JsonWriter(_stream, WriterOptions);
        }

        public long Lines { get; private set; }

        public void Write(Action<Utf8JsonWriter> write)
        {
            write(_writer);
            _writer.Flush();
            _stream.WriteByte((byte)'\n');
            _writer.Reset(_stream);
            Lines++;
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            await _writer.FlushAsync(ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
