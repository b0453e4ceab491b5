using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Actions;

namespace AiObsStream.Pipeline.Actions;

/// <content>The action log (actions.jsonl): one line per record, flushed at once; read back on a resume.</content>
public sealed partial class ActionSink
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _logGate = new();
    private readonly List<string> _loggedKeys = [];
    private FileStream? _log;

    private void OpenLog(bool resume)
    {
        var path = _options.LogPath;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        if (resume && File.Exists(path))
        {
            ReadKeys(path);
        }

        _log = new FileStream(path, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        if (resume && _log.Length > 0)
        {
            _log.Write("\n"u8); // a line torn by a crash must not swallow the next record (an empty line is skipped on reading)
            _log.Flush();
        }
    }

    /// <summary>Keys the log says were decided (sent, failed or dry-run); unreadable lines (a torn last line) are skipped.</summary>
    private void ReadKeys(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("Outcome", out var outcome) && outcome.GetString() != ActionNames.Name(ActionOutcome.Suppressed)
                    && root.TryGetProperty("IdempotencyKey", out var key) && key.GetString() is { Length: > 0 } k)
                {
                    _loggedKeys.Add(k);
                }
            }
            catch (JsonException)
            {
                // a line torn by a crash: its action is at worst decided again (same idempotency key for the receiver)
            }
        }
    }

    /// <summary>Writes the record to the log (any thread) and queues it for forwarding.</summary>
    private void Record(ActionRecord record)
    {
        _toForward.Enqueue(record);
        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, LineOptions))
            {
                ActionJson.WriteRecord(writer, record);
            }

            buffer.WriteByte((byte)'\n');
            lock (_logGate)
            {
                _log?.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                _log?.Flush();
            }

            Volatile.Write(ref _logProblem, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var problem = $"actions: {_options.LogPath} cannot be written ({ex.Message}); records go to Log Analytics only";
            Volatile.Write(ref _logProblem, problem);
            _poster.NoteFault(problem);
        }
    }

    private void CloseLog()
    {
        lock (_logGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    /// <summary>The log's lines as text (tests).</summary>
    internal static string[] ReadLines(string path) => File.ReadAllText(path, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
