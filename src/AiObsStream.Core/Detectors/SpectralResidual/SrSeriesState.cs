namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// The per-series state of the streaming SR detector: a ring buffer of the last W values (float32, as ML.NET's
/// <c>FixedSizeQueue&lt;Single&gt;</c>) and how many of them are filled.
/// </summary>
/// <remarks>
/// Holds no scratch memory: all compute buffers live in the shared <see cref="SrStreamingDetector"/>, so a state costs
/// 4·W bytes of values plus two object headers. At W = 64 that is 256 B of data and 312 B allocated per state on x64
/// (BenchmarkDotNet MemoryDiagnoser, SrStreamingBenchmarks.CreateStates), so 1 M series take about 312 MB.
/// Not thread-safe; a state belongs to one series and is updated by one thread at a time.
/// </remarks>
public sealed class SrSeriesState
{
    /// <summary>Version byte written first by <see cref="WriteTo"/>.</summary>
    public const byte FormatVersion = 1;

    private readonly float[] _ring;
    private int _next;
    private int _count;

    /// <summary>Creates an empty state for a window of <paramref name="windowSize"/> points.</summary>
    /// <param name="windowSize">W, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windowSize"/> is below 1.</exception>
    public SrSeriesState(int windowSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        _ring = new float[windowSize];
    }

    /// <summary>The window length W.</summary>
    public int WindowSize => _ring.Length;

    /// <summary>How many values are buffered (saturates at W).</summary>
    public int Count => _count;

    /// <summary>True once W values have been seen (outputs are computed from then on).</summary>
    public bool IsFull => _count == _ring.Length;

    /// <summary>Appends a value, dropping the oldest when the window is full.</summary>
    /// <param name="value">The new observation.</param>
    public void Push(float value)
    {
        _ring[_next] = value;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        if (_count < _ring.Length)
        {
            _count++;
        }
    }

    /// <summary>Copies the buffered values, oldest first, into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Count"/> long.</param>
    public void CopyTo(Span<float> destination)
    {
        int start = _count < _ring.Length ? 0 : _next;
        int firstPart = _count < _ring.Length ? _count : _ring.Length - start;
        _ring.AsSpan(start, firstPart).CopyTo(destination);
        _ring.AsSpan(0, _count - firstPart).CopyTo(destination[firstPart..]);
    }

    /// <summary>Forgets every buffered value.</summary>
    public void Reset()
    {
        _next = 0;
        _count = 0;
        Array.Clear(_ring);
    }

    /// <summary>Writes the state: version byte, W, count, then the buffered values oldest first.</summary>
    /// <param name="writer">The destination.</param>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(_ring.Length);
        writer.Write(_count);
        Span<float> values = _ring.Length <= 64 ? stackalloc float[64] : new float[_ring.Length];
        CopyTo(values);
        for (int i = 0; i < _count; i++)
        {
            writer.Write(values[i]);
        }
    }

    /// <summary>Reads a state written by <see cref="WriteTo"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <returns>The restored state.</returns>
    /// <exception cref="InvalidDataException">Unknown version or inconsistent sizes.</exception>
    public static SrSeriesState ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"SrSeriesState: unsupported format version {version} (expected {FormatVersion}).");
        }

        int windowSize = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (windowSize < 1 || count < 0 || count > windowSize)
        {
            throw new InvalidDataException($"SrSeriesState: invalid window {windowSize} / count {count}.");
        }

        var state = new SrSeriesState(windowSize);
        for (int i = 0; i < count; i++)
        {
            state.Push(reader.ReadSingle());
        }

        return state;
    }
}
