using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Detectors.SrCnn;

/// <summary>
/// The spectral-residual saliency map of a whole window, as the SR-CNN reference computes it
/// (microsoft/anomalydetector <c>srcnn/utils.py</c> <c>spectral_residual</c>; sr-spec §2.1): bins with amplitude
/// ≤ 1e-8 get log 0 and a zero coefficient, q = 3 trailing mean of the log amplitude, inverse scaled by 1/N, modulus.
/// </summary>
/// <remarks>
/// Float32 on the dense DFT of <see cref="SrDenseDft"/> (no allocation per call). The same code computes the network
/// input at training time (AiObsStream.SrCnn.Trainer) and at inference, so both see identical features.
/// Not thread-safe: owns its scratch buffers.
/// </remarks>
internal sealed class SrSaliency
{
    private const float Epsilon = 1e-8f;
    private const int AveragingWindow = 3;

    private readonly int _n;
    private readonly SrDenseDft _dft;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _mag;
    private readonly float[] _logMag;
    private readonly float[] _filtered;
    private readonly float[] _outRe;
    private readonly float[] _outIm;

    /// <summary>Creates the transform and scratch for windows of <paramref name="length"/> points.</summary>
    public SrSaliency(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _n = length;
        _dft = new SrDenseDft(length);
        _re = new float[length];
        _im = new float[length];
        _mag = new float[length];
        _logMag = new float[length];
        _filtered = new float[length];
        _outRe = new float[length];
        _outIm = new float[length];
    }

    /// <summary>The window length N.</summary>
    public int Length => _n;

    /// <summary>Writes the saliency S of the N values of <paramref name="window"/> into <paramref name="saliency"/>.</summary>
    public void Compute(ReadOnlySpan<float> window, Span<float> saliency)
    {
        _dft.ForwardReal(window[.._n], _re, _im);
        for (int i = 0; i < _n; i++)
        {
            float mag = MathF.Sqrt((_re[i] * _re[i]) + (_im[i] * _im[i]));
            _mag[i] = mag;
            _logMag[i] = mag > Epsilon ? MathF.Log(mag) : 0f;
        }

        SrMath.TrailingMean(_logMag, AveragingWindow, _filtered);
        for (int i = 0; i < _n; i++)
        {
            if (_mag[i] > Epsilon)
            {
                float scale = MathF.Exp(_logMag[i] - _filtered[i]) / _mag[i];
                _re[i] *= scale;
                _im[i] *= scale;
            }
            else
            {
                _re[i] = 0f;
                _im[i] = 0f;
            }
        }

        _dft.Inverse(_re, _im, _outRe, _outIm, _n);
        for (int i = 0; i < _n; i++)
        {
            saliency[i] = MathF.Sqrt((_outRe[i] * _outRe[i]) + (_outIm[i] * _outIm[i]));
        }
    }
}
