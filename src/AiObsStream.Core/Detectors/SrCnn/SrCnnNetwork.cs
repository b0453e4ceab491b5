using System.Numerics.Tensors;

namespace AiObsStream.Core.Detectors.SrCnn;

/// <summary>
/// Forward pass of the SR-CNN network: h1 = ReLU(W1·x + b1), h2 = ReLU(W2·h1 + b2), h3 = ReLU(W3·h2 + b3),
/// y = sigmoid(W4·h3 + b4) (microsoft/anomalydetector <c>srcnn/net.py</c>; sr-spec §2.3).
/// </summary>
/// <remarks>
/// Owns the activation scratch buffers (7w floats), sized once, so a call allocates nothing. Not thread-safe; the
/// <see cref="SrCnnModel"/> it reads is shared and immutable.
/// </remarks>
internal sealed class SrCnnNetwork
{
    private readonly SrCnnModel _model;
    private readonly float[] _h1;
    private readonly float[] _h2;
    private readonly float[] _h3;

    /// <summary>Creates the scratch buffers for <paramref name="model"/>.</summary>
    public SrCnnNetwork(SrCnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _h1 = new float[model.Window];
        _h2 = new float[2 * model.Window];
        _h3 = new float[4 * model.Window];
    }

    /// <summary>The model whose weights are applied.</summary>
    public SrCnnModel Model => _model;

    /// <summary>All w output probabilities for the input <paramref name="input"/> (w network inputs, already ×100).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Hidden(input);
        int w = _model.Window;
        Dense(3, _h3, output[..w]);
        TensorPrimitives.Sigmoid(output[..w], output[..w]);
    }

    /// <summary>The output probability at <paramref name="index"/> only (the last layer computes one row).</summary>
    public float ForwardAt(ReadOnlySpan<float> input, int index)
    {
        Hidden(input);
        int inputs = 4 * _model.Window;
        float z = TensorPrimitives.Dot(new ReadOnlySpan<float>(_model.WeightsOf(3), index * inputs, inputs), _h3)
            + _model.BiasesOf(3)[index];
        return 1f / (1f + MathF.Exp(-z));
    }

    private void Hidden(ReadOnlySpan<float> input)
    {
        int w = _model.Window;
        if (input.Length < w)
        {
            throw new ArgumentException($"The network needs {w} inputs, got {input.Length}.", nameof(input));
        }

        Dense(0, input[..w], _h1);
        TensorPrimitives.Max(_h1, 0f, _h1);
        Dense(1, _h1, _h2);
        TensorPrimitives.Max(_h2, 0f, _h2);
        Dense(2, _h2, _h3);
        TensorPrimitives.Max(_h3, 0f, _h3);
    }

    private void Dense(int layer, ReadOnlySpan<float> x, Span<float> y)
    {
        float[] weights = _model.WeightsOf(layer);
        float[] biases = _model.BiasesOf(layer);
        int inputs = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = TensorPrimitives.Dot(new ReadOnlySpan<float>(weights, i * inputs, inputs), x) + biases[i];
        }
    }
}
