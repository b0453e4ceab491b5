using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;

namespace AiObsStream.Pipeline.Sinks;

/// <summary>
/// Writes metrics.jsonl, alerts.jsonl, notifications.jsonl, deadletter.jsonl and incidents.jsonl into a folder (one JSON
/// object per line).
/// </summary>
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
    private readonly JsonlFile _incidents;

    /// <summary>Creates the folder if needed and truncates the files.</summary>
    public JsonlDirectorySink(string directory)
        : this(directory, resume: false)
    {
    }

    /// <summary>
    /// Creates the folder if needed; with <paramref name="resume"/> the files are kept (a restart from a checkpoint then
    /// truncates them to the checkpoint's positions in <see cref="RestoreAsync"/>), otherwise they are truncated.
    /// </summary>
    public JsonlDirectorySink(string directory, bool resume)
    {
        Directory.CreateDirectory(directory);
        _metrics = new JsonlFile(Path.Combine(directory, "metrics.jsonl"), resume);
        _alerts = new JsonlFile(Path.Combine(directory, "alerts.jsonl"), resume);
        _dead = new JsonlFile(Path.Combine(directory, "deadletter.jsonl"), resume);
        _notifications = new JsonlFile(Path.Combine(directory, "notifications.jsonl"), resume);
        _incidents = new JsonlFile(Path.Combine(directory, "incidents.jsonl"), resume);
    }

    /// <summary>Rows written.</summary>
    public long RowsWritten => _metrics.Lines;

    /// <summary>Alert events written.</summary>
    public long AlertsWritten => _alerts.Lines;

    /// <summary>Incident state changes written.</summary>
    public long IncidentsWritten => _incidents.Lines;

    /// <summary>Dead letters written.</summary>
    public long DeadLettersWritten => _dead.Lines;

    /// <inheritdoc />
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            _metrics.WriteRow(rows[i]);
        }
    }

    /// <inheritdoc />
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        for (var i = 0; i < alerts.Count; i++)
        {
            AlertJson.Write(_alerts.Writer, alerts[i]);
            _alerts.EndLine();
        }
    }

    /// <inheritdoc />
    public void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        for (var i = 0; i < notifications.Count; i++)
        {
            NotificationJson.Write(_notifications.Writer, notifications[i]);
            _notifications.EndLine();
        }
    }

    /// <inheritdoc />
    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        for (var i = 0; i < incidents.Count; i++)
        {
            IncidentJson.Write(_incidents.Writer, incidents[i]);
            _incidents.EndLine();
        }
    }

    /// <inheritdoc />
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Count; i++)
        {
            DeadLetterJson.Write(_dead.Writer, items[i]);
            _dead.EndLine();
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _metrics.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _alerts.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _dead.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _notifications.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _incidents.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<byte[]> CheckpointAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        foreach (var file in Files)
        {
            w.Write(file.Length);
            w.Write(file.Lines);
        }

        w.Flush();
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public Task RestoreAsync(byte[] state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var stream = new MemoryStream(state);
        using var r = new BinaryReader(stream);
        foreach (var file in Files)
        {
            if (stream.Position == stream.Length && ReferenceEquals(file, _incidents))
            {
                // A checkpoint from before incidents.jsonl existed: nothing of it was written then, so it starts empty.
                file.TruncateTo(0, 0);
                continue;
            }

            file.TruncateTo(r.ReadInt64(), r.ReadInt64());
        }

        return Task.CompletedTask;
    }

    // incidents.jsonl last: checkpoints taken before it existed stay readable (see RestoreAsync).
    private JsonlFile[] Files => [_metrics, _alerts, _dead, _notifications, _incidents];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _metrics.DisposeAsync().ConfigureAwait(false);
        await _alerts.DisposeAsync().ConfigureAwait(false);
        await _dead.DisposeAsync().ConfigureAwait(false);
        await _notifications.DisposeAsync().ConfigureAwait(false);
        await _incidents.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>One JSONL file: lines are serialized into a buffer and written to the file in large blocks.</summary>
    /// <remarks>
    /// The writer targets a growable buffer, so ending a line is a flush into memory and a newline byte, not a write to
    /// the file stream per line; the buffer goes to the file once it holds <see cref="BlockBytes"/>, and on flush,
    /// checkpoint and dispose. <see cref="Length"/> counts the buffered bytes, so checkpoint positions are unchanged.
    /// </remarks>
    private sealed class JsonlFile : IAsyncDisposable
    {
        private const int BlockBytes = 1 << 16;
        private readonly string _path;
        private readonly FileStream _stream;
        private readonly ArrayBufferWriter<byte> _buffer = new(4096); // grows to a block on the files that get lines
        private readonly Utf8JsonWriter _writer;
        private FormattedNumberCache? _numbers; // created with the first metric row: the other files write no metric rows

        public JsonlFile(string path, bool resume)
        {
            _path = path;
            _stream = new FileStream(path, resume ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _stream.Seek(0, SeekOrigin.End);
            _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        }

        public long Lines { get; private set; }

        /// <summary>The file's length once the buffered lines are written.</summary>
        public long Length => _stream.Position + _buffer.WrittenCount;

        /// <summary>The writer for the next line; <see cref="EndLine"/> ends it.</summary>
        public Utf8JsonWriter Writer => _writer;

        /// <summary>Cuts the file back to a checkpoint's position (what follows is about to be produced again).</summary>
        public void TruncateTo(long length, long lines)
        {
            Drain();
            if (length > _stream.Length)
            {
                throw new InvalidDataException($"{_path} is shorter ({_stream.Length} bytes) than at the checkpoint " +
                    $"({length} bytes): it was changed or replaced since; use a new --out folder or a new --state");
            }

            _stream.SetLength(length);
            _stream.Seek(length, SeekOrigin.Begin);
            Lines = lines;
        }

        /// <summary>Ends the line the writer holds: a newline, and the block goes to the file when it is full.</summary>
        public void EndLine()
        {
            _writer.Flush();
            _writer.Reset(); // the next top-level value starts a new line, not a continuation of this one
            NewLine();
        }

        /// <summary>
        /// Writes a metric row as a line: straight into the buffer when it can (the bytes the writer would produce, see
        /// <see cref="MetricRowJson.TryWriteRaw(MetricRow, IBufferWriter{byte}, FormattedNumberCache)"/>), else through
        /// the writer. Lines always end with the writer flushed and reset, so the two paths interleave.
        /// </summary>
        public void WriteRow(MetricRow row)
        {
            if (MetricRowJson.TryWriteRaw(row, _buffer, _numbers ??= new FormattedNumberCache()))
            {
                NewLine();
                return;
            }

            MetricRowJson.Write(_writer, row);
            EndLine();
        }

        private void NewLine()
        {
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            Lines++;
            if (_buffer.WrittenCount >= BlockBytes)
            {
                Drain();
            }
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            _writer.Flush();
            Drain();
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            _writer.Flush();
            Drain();
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        private void Drain()
        {
            if (_buffer.WrittenCount > 0)
            {
                _stream.Write(_buffer.WrittenSpan);
                _buffer.ResetWrittenCount();
            }
        }
    }
}
