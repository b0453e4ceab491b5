using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Accumulates serialized rows of one stream into JSON arrays no larger than the batch limit.</summary>
/// <remarks>Single-threaded (the engine's output stage). Rows are appended as-is; a row alone larger than the limit
/// still forms its own batch (the sender rejects it with a clear message rather than looping).</remarks>
internal sealed class BatchBuilder : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly StreamKind _kind;
    private readonly int _maxBytes;
    private readonly ArrayBufferWriter<byte> _row = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly ArrayBufferWriter<byte> _batch;
    private int _rows;

    public BatchBuilder(StreamKind kind, int maxBytes)
    {
        _kind = kind;
        _maxBytes = maxBytes;
        _writer = new Utf8JsonWriter(_row, WriterOptions);
        _batch = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 1 << 16));
    }

    public int PendingRows => _rows;

    /// <summary>Serializes one row; returns a sealed batch when the row did not fit in the current one.</summary>
    public PayloadBatch? Add<T>(T item, Action<Utf8JsonWriter, T> write, Func<long> nextSeq)
    {
        _row.ResetWrittenCount();
        _writer.Reset(_row);
        write(_writer, item);
        _writer.Flush();
        PayloadBatch? sealedBatch = null;

        // '[' + rows joined by ',' + ']' must stay within the limit.
        if (_rows > 0 && _batch.WrittenCount + 1 + _row.WrittenCount + 2 > _maxBytes)
        {
            sealedBatch = Seal(nextSeq);
        }

        _batch.Write(_rows == 0 ? "["u8 : ","u8);
        _batch.Write(_row.WrittenSpan);
        _rows++;
        return sealedBatch;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Returns the pending rows as a batch, or null when there are none.</summary>
    public PayloadBatch? Seal(Func<long> nextSeq)
    {
        if (_rows == 0)
        {
            return null;
        }

        var json = new byte[_batch.WrittenCount + 1];
        _batch.WrittenSpan.CopyTo(json);
        json[^1] = (byte)']';
        var batch = new PayloadBatch(nextSeq(), _kind, json, _rows);
        _batch.ResetWrittenCount();
        _rows = 0;
        return batch;
    }
}
