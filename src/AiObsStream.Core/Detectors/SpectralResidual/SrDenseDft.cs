using System.Numerics.Tensors;
using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// A float32 discrete Fourier transform of one fixed length, with MKL/numpy scaling (forward unscaled, inverse 1/N),
/// as ML.NET's <c>FftUtils.ComputeForwardFft/ComputeBackwardFft</c> (quirk Q11).
/// </summary>
/// <remarks>
/// <para>The transform is MathNet.Numerics' <see cref="Fourier"/> with <see cref="FourierOptions.Matlab"/>. For the
/// streaming window (N = W + κ = 69 at the defaults) MathNet's arbitrary-length path (Bluestein) measured 107 µs and
/// 16.6 KB allocated per forward+inverse pair, far from the 150 K points/s target. For N ≤ <see cref="DenseLimit"/> the
/// engine therefore materialises MathNet's own transform once, as a real matrix (each column = MathNet's transform of a
/// unit vector), and applies it with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>:
/// the same linear operator, no allocation, SIMD row dot products. Longer windows call MathNet directly.</para>
/// <para>Not thread-safe: owned by one <see cref="SrStreamingDetector"/>.</para>
/// </remarks>
internal sealed class SrDenseDft
{
    /// <summary>Largest length served by the materialised matrices (inverse matrix = 16·N² bytes: 2.6 MB at 400).</summary>
    internal const int DenseLimit = 400;

    private readonly int _n;
    private readonly float[]? _forward;   // 2N rows × N columns: rows 0..N-1 real part, N..2N-1 imaginary part.
    private readonly float[]? _inverse;   // 2N rows × 2N columns over the planar input [re | im].
    private readonly float[] _planar;
    private readonly Complex32[]? _work;

    /// <summary>Builds the transform of length <paramref name="length"/>.</summary>
    public SrDenseDft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _n = length;
        _planar = new float[2 * length];
        if (length <= DenseLimit)
        {
            _forward = new float[2 * length * length];
            _inverse = new float[4 * length * length];
            Materialise();
        }
        else
        {
            _work = new Complex32[length];
        }
    }

    /// <summary>The transform length N.</summary>
    public int Length => _n;

    /// <summary>Forward DFT of a real signal: F[k] = Σ x[j]·e^{−2πijk/N} (bins above N/2 mirrored as conjugates).</summary>
    public void ForwardReal(ReadOnlySpan<float> x, Span<float> re, Span<float> im)
    {
        if (_forward is null)
        {
            var work = _work!;
            for (int i = 0; i < _n; i++)
            {
                work[i] = new Complex32(x[i], 0f);
            }

            Fourier.Forward(work, FourierOptions.Matlab);
            Split(work, re, im);
            return;
        }

        // Real input: F[N-k] = conj(F[k]), so only bins 0..N/2 are computed.
        x = x[.._n];
        int half = _n / 2;
        for (int k = 0; k <= half; k++)
        {
            re[k] = TensorPrimitives.Dot(new ReadOnlySpan<float>(_forward, k * _n, _n), x);
            im[k] = TensorPrimitives.Dot(new ReadOnlySpan<float>(_forward, (_n + k) * _n, _n), x);
        }

        for (int k = half + 1; k < _n; k++)
        {
            re[k] = re[_n - k];
            im[k] = -im[_n - k];
        }
    }

    /// <summary>Inverse DFT scaled by 1/N: y[j] = (1/N) Σ F[k]·e^{+2πijk/N}, for outputs j &lt; <paramref name="rows"/>.</summary>
    public void Inverse(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> outRe, Span<float> outIm, int rows)
    {
        if (_inverse is null)
        {
            var work = _work!;
            for (int i = 0; i < _n; i++)
            {
                work[i] = new Complex32(re[i], im[i]);
            }

            Fourier.Inverse(work, FourierOptions.Matlab);
            Split(work, outRe, outIm);
            return;
        }

        re[.._n].CopyTo(_planar);
        im[.._n].CopyTo(_planar.AsSpan(_n));
        int width = 2 * _n;
        for (int k = 0; k < rows; k++)
        {
            outRe[k] = TensorPrimitives.Dot(new ReadOnlySpan<float>(_inverse, k * width, width), _planar);
            outIm[k] = TensorPrimitives.Dot(new ReadOnlySpan<float>(_inverse, (_n + k) * width, width), _planar);
        }
    }

    private void Split(Complex32[] work, Span<float> re, Span<float> im)
    {
        for (int i = 0; i < _n; i++)
        {
            re[i] = work[i].Real;
            im[i] = work[i].Imaginary;
        }
    }

    private void Materialise()
    {
        // Column j of each matrix is MathNet's transform of the j-th unit vector (linearity of the DFT).
        // Built in double precision, then rounded once to float.
        var unit = new System.Numerics.Complex[_n];
        int width = 2 * _n;
        for (int j = 0; j < _n; j++)
        {
            Array.Clear(unit);
            unit[j] = System.Numerics.Complex.One;
            Fourier.Forward(unit, FourierOptions.Matlab);
            for (int k = 0; k < _n; k++)
            {
                _forward![(k * _n) + j] = (float)unit[k].Real;
                _forward[((_n + k) * _n) + j] = (float)unit[k].Imaginary;
            }

            for (int part = 0; part < 2; part++)
            {
                Array.Clear(unit);
                unit[j] = part == 0 ? System.Numerics.Complex.One : System.Numerics.Complex.ImaginaryOne;
                Fourier.Inverse(unit, FourierOptions.Matlab);
                int column = j + (part * _n);
                for (int k = 0; k < _n; k++)
                {
                    _inverse![(k * width) + column] = (float)unit[k].Real;
                    _inverse[((_n + k) * width) + column] = (float)unit[k].Imaginary;
                }
            }
        }
    }
}
