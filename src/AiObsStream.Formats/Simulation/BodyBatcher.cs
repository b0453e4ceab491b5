using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Writes Event Hubs bodies (<c>{"records":[...]}</c>), one per line: a body closes after 20 records or when the next
/// record is more than a second younger than the body's first, like diagnostic settings' batching.
/// </summary>
internal sealed class BodyBatcher : IDisposable
{
    private const int MaxRecords = 20;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed escaping writes \" (not \u0022) inside string-valued properties, as Azure does.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private int _count;
    private long _firstTicks;

    public BodyBatcher(Stream output)
    {
        _output = output;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>Opens a record at <paramref name="ticks"/> (closing the body first when it is full) and returns the writer.</summary>
    public Utf8JsonWriter BeginRecord(long ticks)
    {
        if (_count > 0 && (_count == MaxRecords || ticks - _firstTicks > TimeSpan.TicksPerSecond))
        {
            Flush();
        }

        if (_count == 0)
        {
            _firstTicks = ticks;
            _writer.WriteStartObject();
            _writer.WriteStartArray("records"u8);
        }

        _count++;
        _writer.WriteStartObject();
        return _writer;
    }

    /// <summary>Closes the record opened by <see cref="BeginRecord"/>.</summary>
    public void EndRecord() => _writer.WriteEndObject();

    /// <summary>Writes the open body, if any, and a newline.</summary>
    public void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        _output.Write(_buffer.WrittenSpan);
        _output.WriteByte((byte)'\n');
        _buffer.Clear();
        _writer.Reset(_buffer);
        _count = 0;
    }

    public void Dispose()
    {
        Flush();
        _writer.Dispose();
    }
}
