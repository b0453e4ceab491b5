namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// Streaming spectral-residual anomaly detector with the semantics of ML.NET's <c>DetectAnomalyBySrCnn</c>
/// (dotnet/machinelearning src/Microsoft.ML.TimeSeries/SrCnnAnomalyDetectionBase.cs), after Ren et al.,
/// "Time-Series Anomaly Detection Service at Microsoft", KDD 2019 (§3.2 of the SR spec).
/// </summary>
/// <remarks>
/// <para>This object is the compute engine: it owns the transform and every scratch buffer, sized once for W + κ, and
/// scores any number of series whose state lives in small <see cref="SrSeriesState"/> objects. Use one engine per
/// thread (it is not thread-safe); states can move between engines with the same options.</para>
/// <para>For each value: push it into the window; while fewer than W values were seen output (0, 0, 0); otherwise
/// extrapolate κ points from x[W−m−2 .. W−2] (the newest point is not used, quirk Q1), take the FFT, replace the
/// amplitude by exp(L − AL) (L = ln|F| where |F| ≠ 0 else 0, AL its trailing q-mean), invert, and score the newest
/// point: raw = |S − S̄| / max(S̄, 1e-8) / 10 with S̄ the trailing z-mean of the saliency. The raw score is returned
/// unclipped; the alert compares the clipped score with the threshold (quirk Q2). Arithmetic is float32 as in ML.NET.</para>
/// <para>Steady state allocates nothing.</para>
/// </remarks>
public sealed class SrStreamingDetector
{
    private readonly SrStreamingOptions _options;
    private readonly int _window;
    private readonly int _length;
    private readonly SrDenseDft _dft;
    private readonly float[] _series;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _mag;
    private readonly float[] _logMag;
    private readonly float[] _filtered;
    private readonly float[] _outRe;
    private readonly float[] _outIm;

    /// <summary>Creates an engine; <paramref name="options"/> defaults to ML.NET's catalog defaults.</summary>
    /// <param name="options">The detector parameters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="SrStreamingOptions.Validate"/>).</exception>
    public SrStreamingDetector(SrStreamingOptions? options = null)
    {
        _options = options ?? new SrStreamingOptions();
        _options.Validate();
        _window = _options.WindowSize;
        _length = _window + _options.BackAddWindowSize;
        _dft = new SrDenseDft(_length);
        _series = new float[_length];
        _re = new float[_length];
        _im = new float[_length];
        _mag = new float[_length];
        _logMag = new float[_length];
        _filtered = new float[_length];
        _outRe = new float[_length];
        _outIm = new float[_length];
    }

    /// <summary>The validated parameters.</summary>
    public SrStreamingOptions Options => _options;

    /// <summary>Creates an empty per-series state sized for this engine.</summary>
    /// <returns>A new state.</returns>
    public SrSeriesState CreateState() => new(_window);

    /// <summary>Adds <paramref name="value"/> to the series in <paramref name="state"/> and scores it.</summary>
    /// <param name="state">The series state (its window must equal this engine's W).</param>
    /// <param name="value">The newest observation.</param>
    /// <returns>(IsAnomaly, RawScore, Mag); all zero for the first W − 1 values.</returns>
    /// <exception cref="ArgumentException">The state was created for another window size.</exception>
    public SrPoint Update(SrSeriesState state, float value)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.WindowSize != _window)
        {
            throw new ArgumentException($"State window {state.WindowSize} does not match the detector window {_window}.", nameof(state));
        }

        state.Push(value);
        if (!state.IsFull)
        {
            return default;
        }

        state.CopyTo(_series);
        return Score();
    }

    /// <summary>Scores a whole series from an empty state (one output per input).</summary>
    /// <param name="values">The series.</param>
    /// <param name="results">Receives one point per value.</param>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="values"/>.</exception>
    public void Detect(ReadOnlySpan<float> values, Span<SrPoint> results)
    {
        if (results.Length < values.Length)
        {
            throw new ArgumentException("The result span is shorter than the input.", nameof(results));
        }

        var state = CreateState();
        for (int i = 0; i < values.Length; i++)
        {
            results[i] = Update(state, values[i]);
        }
    }

    private SrPoint Score()
    {
        BackAdd();
        _dft.ForwardReal(_series, _re, _im);
        for (int i = 0; i < _length; i++)
        {
            float mag = MathF.Sqrt((_re[i] * _re[i]) + (_im[i] * _im[i]));
            _mag[i] = mag;
            _logMag[i] = mag != 0 ? (float)Math.Log(mag) : 0f;
        }

        SrMath.TrailingMean(_logMag, _options.AveragingWindowSize, _filtered);
        for (int i = 0; i < _length; i++)
        {
            if (_logMag[i] != 0)
            {
                float spectral = (float)Math.Exp(_logMag[i] - _filtered[i]);
                _re[i] = _re[i] * spectral / _mag[i];
                _im[i] = _im[i] * spectral / _mag[i];
            }
            else
            {
                _re[i] = 0f;
                _im[i] = 0f;
            }
        }

        // Only the saliency of points 0..W-1 feeds the newest point's trailing mean, so the inverse stops there.
        _dft.Inverse(_re, _im, _outRe, _outIm, _window);
        for (int i = 0; i < _window; i++)
        {
            _mag[i] = MathF.Sqrt((_outRe[i] * _outRe[i]) + (_outIm[i] * _outIm[i]));
        }

        int last = _window - 1;
        float average = SrMath.TrailingMeanAt(_mag, _options.JudgementWindowSize, last);
        float saliency = _mag[last];
        double divisor = average < 1e-8 ? 1e-8 : average;
        float score = (float)(Math.Abs(saliency - average) / divisor);
        score /= 10.0f;
        float clipped = Math.Max(Math.Min(score, 1f), 0f);
        return new SrPoint(clipped > _options.Threshold, score, saliency);
    }

    private void BackAdd() => SrMath.Extrapolate(_series, _window, _options.LookaheadWindowSize);
}
