using System.Numerics.Tensors;
using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>
/// Mini-batch training of the SR-CNN network w→w→2w→4w→w (ReLU, sigmoid) by back-propagation of the sum-reduced,
/// positive-weighted binary cross-entropy (reference <c>srcnn/utils.py</c> <c>sr_cnn</c>). Single-threaded, so a
/// fixed seed gives bit-identical weights.
/// </summary>
internal sealed class NetworkTrainer
{
    private const int Layers = SrCnnModel.LayerCount;
    private readonly int _w;
    private readonly float[][] _weights = new float[Layers][];
    private readonly float[][] _biases = new float[Layers][];
    private readonly float[][] _gradW = new float[Layers][];
    private readonly float[][] _gradB = new float[Layers][];
    private readonly float[][] _m1W = new float[Layers][];
    private readonly float[][] _m1B = new float[Layers][];
    private readonly float[][] _m2W = new float[Layers][];
    private readonly float[][] _m2B = new float[Layers][];
    private readonly float[][] _act = new float[Layers + 1][];
    private readonly float[][] _delta = new float[Layers][];
    private readonly float[] _scratch;
    private long _adamStep;

    /// <summary>PyTorch's default initialisation: weights and biases ~ U(−1/√fan_in, 1/√fan_in).</summary>
    public NetworkTrainer(int window, SeededRandom random)
    {
        _w = window;
        for (int l = 0; l < Layers; l++)
        {
            int inputs = SrCnnModel.InputsOf(window, l);
            int outputs = SrCnnModel.OutputsOf(window, l);
            double bound = 1.0 / Math.Sqrt(inputs);
            _weights[l] = Uniform(inputs * outputs, bound, random);
            _biases[l] = Uniform(outputs, bound, random);
            _gradW[l] = new float[inputs * outputs];
            _gradB[l] = new float[outputs];
            _m1W[l] = new float[inputs * outputs];
            _m1B[l] = new float[outputs];
            _m2W[l] = new float[inputs * outputs];
            _m2B[l] = new float[outputs];
            _act[l + 1] = new float[outputs];
            _delta[l] = new float[outputs];
        }

        _act[0] = new float[window];
        _scratch = new float[4 * window];
    }

    /// <summary>One pass over <paramref name="set"/> in the order given; returns the mean loss per window.</summary>
    public double TrainEpoch(TrainingSet set, int[] order, TrainingSettings settings, float learningRate)
    {
        double loss = 0;
        for (int start = 0; start < order.Length; start += settings.BatchSize)
        {
            int end = Math.Min(order.Length, start + settings.BatchSize);
            ClearGradients();
            for (int k = start; k < end; k++)
            {
                int row = order[k];
                loss += Backward(set.Inputs.AsSpan(row * _w, _w), set.Labels.AsSpan(row * _w, _w), settings.PositiveWeight);
            }

            Step(settings, learningRate);
        }

        return loss / order.Length;
    }

    /// <summary>The current weights as a model with the given alert threshold.</summary>
    public SrCnnModel ToModel(float threshold) => new(_w, _weights, _biases, threshold);

    private double Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> labels, float positiveWeight)
    {
        input.CopyTo(_act[0]);
        for (int l = 0; l < Layers; l++)
        {
            Dense(l);
            if (l < Layers - 1)
            {
                TensorPrimitives.Max(_act[l + 1], 0f, _act[l + 1]);
            }
        }

        float[] y = _act[Layers];
        TensorPrimitives.Sigmoid(y, y);
        double loss = 0;
        float[] dz = _delta[Layers - 1];
        for (int j = 0; j < _w; j++)
        {
            float weight = labels[j] > 0.5f ? positiveWeight : 1f;
            double p = Math.Clamp(y[j], 1e-7, 1 - 1e-7);
            loss -= weight * ((labels[j] * Math.Log(p)) + ((1 - labels[j]) * Math.Log(1 - p)));
            dz[j] = weight * (y[j] - labels[j]);
        }

        for (int l = Layers - 1; l >= 0; l--)
        {
            Accumulate(l);
        }

        return loss;
    }

    private void Dense(int layer)
    {
        float[] x = _act[layer];
        float[] y = _act[layer + 1];
        float[] weights = _weights[layer];
        int inputs = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = TensorPrimitives.Dot(new ReadOnlySpan<float>(weights, i * inputs, inputs), x) + _biases[layer][i];
        }
    }

    private void Accumulate(int layer)
    {
        float[] x = _act[layer];
        float[] dz = _delta[layer];
        float[] gradW = _gradW[layer];
        float[] weights = _weights[layer];
        int inputs = x.Length;
        Span<float> dx = _scratch.AsSpan(0, inputs);
        dx.Clear();
        for (int i = 0; i < dz.Length; i++)
        {
            float d = dz[i];
            if (d == 0f)
            {
                continue;
            }

            Span<float> row = gradW.AsSpan(i * inputs, inputs);
            TensorPrimitives.MultiplyAdd(x, d, row, row);
            _gradB[layer][i] += d;
            if (layer > 0)
            {
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(weights, i * inputs, inputs), d, dx, dx);
            }
        }

        if (layer > 0)
        {
            float[] below = _delta[layer - 1];
            for (int k = 0; k < inputs; k++)
            {
                below[k] = x[k] > 0f ? dx[k] : 0f;
            }
        }
    }

    private void ClearGradients()
    {
        for (int l = 0; l < Layers; l++)
        {
            Array.Clear(_gradW[l]);
            Array.Clear(_gradB[l]);
        }
    }

    private void Step(TrainingSettings settings, float learningRate)
    {
        float scale = 1f;
        if (settings.ClipNorm > 0)
        {
            double norm = 0;
            for (int l = 0; l < Layers; l++)
            {
                norm += TensorPrimitives.SumOfSquares<float>(_gradW[l]) + TensorPrimitives.SumOfSquares<float>(_gradB[l]);
            }

            norm = Math.Sqrt(norm);
            scale = norm > settings.ClipNorm ? (float)(settings.ClipNorm / norm) : 1f;
        }

        _adamStep++;
        for (int l = 0; l < Layers; l++)
        {
            Update(_weights[l], _gradW[l], _m1W[l], _m2W[l], settings.Optimizer, learningRate, scale);
            Update(_biases[l], _gradB[l], _m1B[l], _m2B[l], settings.Optimizer, learningRate, scale);
        }
    }

    private void Update(float[] p, float[] g, float[] m1, float[] m2, OptimizerKind kind, float lr, float scale)
    {
        if (scale != 1f)
        {
            TensorPrimitives.Multiply(g, scale, g);
        }

        if (kind == OptimizerKind.SgdMomentum)
        {
            TensorPrimitives.MultiplyAdd(m1, 0.9f, g, m1);
            TensorPrimitives.MultiplyAdd(m1, -lr, p, p);
            return;
        }

        const float beta1 = 0.9f;
        const float beta2 = 0.999f;
        float c1 = 1f - MathF.Pow(beta1, _adamStep);
        float c2 = 1f - MathF.Pow(beta2, _adamStep);
        for (int i = 0; i < p.Length; i++)
        {
            m1[i] = (beta1 * m1[i]) + ((1 - beta1) * g[i]);
            m2[i] = (beta2 * m2[i]) + ((1 - beta2) * g[i] * g[i]);
            p[i] -= lr * (m1[i] / c1) / (MathF.Sqrt(m2[i] / c2) + 1e-8f);
        }
    }

    private static float[] Uniform(int count, double bound, SeededRandom random)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }

        return values;
    }
}
