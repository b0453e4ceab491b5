using System.Buffers.Binary;

namespace AiObsStream.Core.Detectors.SrCnn;

/// <summary>
/// The weights of the SR-CNN network (microsoft/anomalydetector <c>srcnn/net.py</c>, class <c>Anomaly(window)</c>):
/// four dense layers w→w→2w→4w→w (the two 1×1 convolutions over a length-1 signal are dense layers).
/// </summary>
/// <remarks>
/// <para>File format (all little-endian): magic <c>"SRCN"</c>; int32 version (1); int32 window w; int32 layer count
/// (4); per layer int32 inputs and int32 outputs; float32 alert threshold calibrated at training time; then per layer
/// the weights row-major [outputs][inputs] followed by the biases [outputs], all float32. Nothing may follow.</para>
/// <para>Immutable after load; one instance can be shared by any number of <see cref="SrCnnStreamingDetector"/>s on
/// any threads.</para>
/// </remarks>
public sealed class SrCnnModel
{
    /// <summary>The four ASCII bytes that start every weight file.</summary>
    public static ReadOnlySpan<byte> Magic => "SRCN"u8;

    /// <summary>The weight file format version written by <see cref="Save(Stream)"/>.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest accepted window (15·w² floats: 63 MB at 1024).</summary>
    public const int MaxWindow = 1024;

    /// <summary>Number of dense layers.</summary>
    public const int LayerCount = 4;

    private const int HeaderBytes = 4 + 4 + 4 + 4 + (LayerCount * 8) + 4;

    private readonly float[][] _weights;
    private readonly float[][] _biases;

    /// <summary>Creates a model from explicit weights (copied).</summary>
    /// <param name="window">The window w.</param>
    /// <param name="weights">Four row-major weight matrices of sizes w·w, 2w·w, 4w·2w, w·4w.</param>
    /// <param name="biases">Four bias vectors of sizes w, 2w, 4w, w.</param>
    /// <param name="threshold">The alert threshold on the output probability, in (0, 1).</param>
    /// <exception cref="ArgumentException">A size does not match the window, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window or threshold is out of range.</exception>
    public SrCnnModel(int window, IReadOnlyList<float[]> weights, IReadOnlyList<float[]> biases, float threshold)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, MaxWindow);
        if (!(threshold > 0f && threshold < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Must be in (0,1).");
        }

        if (weights.Count != LayerCount || biases.Count != LayerCount)
        {
            throw new ArgumentException($"Expected {LayerCount} weight matrices and bias vectors.", nameof(weights));
        }

        Window = window;
        Threshold = threshold;
        _weights = new float[LayerCount][];
        _biases = new float[LayerCount][];
        for (int l = 0; l < LayerCount; l++)
        {
            int inputs = InputsOf(window, l);
            int outputs = OutputsOf(window, l);
            CheckLayer(weights[l], inputs * outputs, $"layer {l} weights", nameof(weights));
            CheckLayer(biases[l], outputs, $"layer {l} biases", nameof(biases));
            _weights[l] = (float[])weights[l].Clone();
            _biases[l] = (float[])biases[l].Clone();
        }
    }

    /// <summary>The window w: number of saliency values in and probabilities out.</summary>
    public int Window { get; }

    /// <summary>The alert threshold on the output probability calibrated when the model was trained.</summary>
    public float Threshold { get; }

    /// <summary>Total number of float32 parameters (15·w² + 8·w).</summary>
    public int ParameterCount => ParameterCountFor(Window);

    /// <summary>Number of inputs of layer <paramref name="layer"/> (w, w, 2w, 4w).</summary>
    /// <param name="window">The window w.</param>
    /// <param name="layer">0..3.</param>
    /// <returns>The layer's input width.</returns>
    public static int InputsOf(int window, int layer) => layer switch
    {
        0 or 1 => window,
        2 => 2 * window,
        3 => 4 * window,
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

    /// <summary>Number of outputs of layer <paramref name="layer"/> (w, 2w, 4w, w).</summary>
    /// <param name="window">The window w.</param>
    /// <param name="layer">0..3.</param>
    /// <returns>The layer's output width.</returns>
    public static int OutputsOf(int window, int layer) => layer switch
    {
        0 or 3 => window,
        1 => 2 * window,
        2 => 4 * window,
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

    /// <summary>Reads a weight file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid SR-CNN weight file; the message says why.</exception>
    public static SrCnnModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        long limit = HeaderBytes + (4L * ParameterCountFor(MaxWindow));
        if (info.Exists && info.Length > limit)
        {
            throw new InvalidDataException($"SR-CNN weights '{path}': {info.Length} bytes is larger than any valid file ({limit}).");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a weight file from a stream (to its end).</summary>
    /// <param name="stream">The source.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The content is not a valid SR-CNN weight file; the message says why.</exception>
    public static SrCnnModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray(), "stream");
    }

    /// <summary>Writes the model in the weight file format.</summary>
    /// <param name="path">The destination file (overwritten).</param>
    public void Save(string path)
    {
        using var file = File.Create(path);
        Save(file);
    }

    /// <summary>Writes the model in the weight file format.</summary>
    /// <param name="stream">The destination.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[HeaderBytes + (4 * ParameterCount)];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Window);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], LayerCount);
        int offset = 16;
        for (int l = 0; l < LayerCount; l++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], InputsOf(Window, l));
            BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 4)..], OutputsOf(Window, l));
            offset += 8;
        }

        BinaryPrimitives.WriteSingleLittleEndian(span[offset..], Threshold);
        offset += 4;
        for (int l = 0; l < LayerCount; l++)
        {
            offset = WriteFloats(span, offset, _weights[l]);
            offset = WriteFloats(span, offset, _biases[l]);
        }

        stream.Write(bytes);
    }

    /// <summary>The row-major weights of layer <paramref name="layer"/> (do not modify).</summary>
    internal float[] WeightsOf(int layer) => _weights[layer];

    /// <summary>The biases of layer <paramref name="layer"/> (do not modify).</summary>
    internal float[] BiasesOf(int layer) => _biases[layer];

    internal static int ParameterCountFor(int window) => (15 * window * window) + (8 * window);

    private static SrCnnModel Parse(ReadOnlySpan<byte> data, string source)
    {
        string what = $"SR-CNN weights '{source}'";
        if (data.Length < HeaderBytes)
        {
            throw new InvalidDataException($"{what}: truncated header ({data.Length} bytes, need {HeaderBytes}).");
        }

        if (!data[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{what}: wrong magic (expected \"SRCN\"); not an SR-CNN weight file.");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
        int window = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        int layers = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{what}: unsupported format version {version} (expected {FormatVersion}).");
        }

        if (window < 1 || window > MaxWindow || layers != LayerCount)
        {
            throw new InvalidDataException($"{what}: invalid window {window} or layer count {layers} (window 1..{MaxWindow}, {LayerCount} layers).");
        }

        CheckLayerSizes(data, window, what);
        float threshold = BinaryPrimitives.ReadSingleLittleEndian(data[(16 + (LayerCount * 8))..]);
        if (!(threshold > 0f && threshold < 1f))
        {
            throw new InvalidDataException($"{what}: threshold {threshold} is not in (0,1).");
        }

        long expected = HeaderBytes + (4L * ParameterCountFor(window));
        if (data.Length != expected)
        {
            string kind = data.Length < expected ? "truncated" : "trailing bytes";
            throw new InvalidDataException($"{what}: {kind}: {data.Length} bytes, expected {expected} for window {window}.");
        }

        return new SrCnnModel(window, ReadArrays(data, window, what, out float[][] biases), biases, threshold);
    }

    private static void CheckLayerSizes(ReadOnlySpan<byte> data, int window, string what)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            int inputs = BinaryPrimitives.ReadInt32LittleEndian(data[(16 + (l * 8))..]);
            int outputs = BinaryPrimitives.ReadInt32LittleEndian(data[(20 + (l * 8))..]);
            if (inputs != InputsOf(window, l) || outputs != OutputsOf(window, l))
            {
                throw new InvalidDataException(
                    $"{what}: layer {l} size mismatch: {inputs}→{outputs}, expected {InputsOf(window, l)}→{OutputsOf(window, l)} for window {window}.");
            }
        }
    }

    private static float[][] ReadArrays(ReadOnlySpan<byte> data, int window, string what, out float[][] biases)
    {
        var weights = new float[LayerCount][];
        biases = new float[LayerCount][];
        int offset = HeaderBytes;
        for (int l = 0; l < LayerCount; l++)
        {
            weights[l] = ReadFloats(data, ref offset, InputsOf(window, l) * OutputsOf(window, l), what, l);
            biases[l] = ReadFloats(data, ref offset, OutputsOf(window, l), what, l);
        }

        return weights;
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> data, ref int offset, int count, string what, int layer)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(data[(offset + (4 * i))..]);
            if (!float.IsFinite(v))
            {
                throw new InvalidDataException($"{what}: layer {layer} holds a non-finite value at byte {offset + (4 * i)}.");
            }

            values[i] = v;
        }

        offset += 4 * count;
        return values;
    }

    private static int WriteFloats(Span<byte> span, int offset, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(offset + (4 * i))..], values[i]);
        }

        return offset + (4 * values.Length);
    }

    private static void CheckLayer(float[] values, int expected, string what, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        if (values.Length != expected)
        {
            throw new ArgumentException($"{what}: {values.Length} values, expected {expected}.", parameter);
        }

        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(values))
        {
            throw new ArgumentException($"{what}: contains a non-finite value.", parameter);
        }
    }
}
