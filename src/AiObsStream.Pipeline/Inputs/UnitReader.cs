using System.Buffers;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>
/// Splits a byte stream into newline-terminated units without allocating per line. Lines longer than the limit are
/// skipped (reported as too large) without buffering them whole, so one bad line cannot exhaust memory.
/// </summary>
internal sealed class UnitReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxUnit;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skipping;

    public UnitReader(Stream stream, int maxUnitBytes, byte[]? prefix = null)
    {
        _stream = stream;
        _maxUnit = maxUnitBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxUnitBytes + 1, 1 << 20));
        if (prefix is not null)
        {
            EnsureCapacity(prefix.Length);
            prefix.CopyTo(_buffer, 0);
            _end = prefix.Length;
        }
    }

    /// <summary>1-based number of the unit last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Total bytes consumed.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the next unit. Returns false at the end; <c>TooLarge</c> marks a skipped over-long line.</summary>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Unit, bool TooLarge, long Length)> NextAsync(CancellationToken ct)
    {
        long skippedLength = 0;
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var nl = span.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var unit = _buffer.AsMemory(_start, nl);
                _start += nl + 1;
                BytesRead += nl + 1;
                LineNumber++;
                if (_skipping)
                {
                    _skipping = false;
                    return (true, ReadOnlyMemory<byte>.Empty, true, skippedLength + nl);
                }

                return (true, TrimCr(unit), false, nl);
            }

            if (_eof)
            {
                if (_end > _start || _skipping)
                {
                    var unit = _buffer.AsMemory(_start, _end - _start);
                    BytesRead += _end - _start;
                    _start = _end;
                    LineNumber++;
                    var skipped = _skipping;
                    _skipping = false;
                    return (true, skipped ? ReadOnlyMemory<byte>.Empty : TrimCr(unit), skipped, skippedLength + unit.Length);
                }

                return (false, default, false, 0);
            }

            if (_end - _start >= _maxUnit)
            {
                // Over-long line: drop what we have and keep skipping until its newline.
                skippedLength += _end - _start;
                BytesRead += _end - _start;
                _skipping = true;
                _start = _end = 0;
            }

            Compact();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    private static ReadOnlyMemory<byte> TrimCr(ReadOnlyMemory<byte> unit) =>
        unit.Length > 0 && unit.Span[^1] == (byte)'\r' ? unit[..^1] : unit;

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            EnsureCapacity(Math.Min(_buffer.Length * 2, _maxUnit + 1));
        }
    }

    private void EnsureCapacity(int size)
    {
        if (size <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(size);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
