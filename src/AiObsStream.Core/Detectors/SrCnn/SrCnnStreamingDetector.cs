using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Detectors.SrCnn;

/// <summary>
/// Streaming SR-CNN anomaly detector (Ren et al., KDD 2019, §4.3; microsoft/anomalydetector <c>srcnn/</c>): the
/// spectral-residual saliency of the latest window, scored by a trained network instead of the SR ratio rule.
/// </summary>
/// <remarks>
/// <para>Per value, as the reference <c>sr_cnn_eval</c> with step 1: keep the last n = w − κ real values (an
/// <see cref="SrSeriesState"/> of window n); once n values are seen, append κ copies of the extrapolation
/// v[1] + Σ_{i&lt;m} (v[m] − v[i]) / (m − i) over v = x[n−m−2 .. n−2] (the newest point is not used, as in ML.NET's
/// streaming SR); compute the saliency S of those w points; feed 100·S to the network; the newest real point sits at
/// index n − 1 = w − κ − 1 (w − 6 at κ = 5, the position the training data forces injections at).
/// Output: IsAnomaly = probability &gt; threshold, RawScore = probability, Mag = S of the newest point.
/// The first n − 1 outputs are (false, 0, 0).</para>
/// <para>This object is the compute engine: it owns every scratch buffer (about 12·w floats plus the w×w DFT
/// matrices) and scores any number of series whose state lives in small <see cref="SrSeriesState"/> objects
/// (4·(w − κ) bytes of values). One engine per thread; the model may be shared. Steady state allocates nothing.</para>
/// </remarks>
public sealed class SrCnnStreamingDetector
{
    private const float InputScale = 100f;

    private readonly SrCnnStreamingOptions _options;
    private readonly SrCnnNetwork _network;
    private readonly SrSaliency _saliency;
    private readonly int _window;
    private readonly int _real;
    private readonly float _threshold;
    private readonly float[] _series;
    private readonly float[] _features;

    /// <summary>Creates an engine for <paramref name="model"/>.</summary>
    /// <param name="model">The trained network (shared, immutable).</param>
    /// <param name="options">Extrapolation and threshold; defaults to the reference values and the model's threshold.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range for the model's window.</exception>
    public SrCnnStreamingDetector(SrCnnModel model, SrCnnStreamingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new SrCnnStreamingOptions();
        _options.Validate(model.Window);
        _network = new SrCnnNetwork(model);
        _window = model.Window;
        _real = _window - _options.BackAddWindowSize;
        _saliency = new SrSaliency(_window);
        _threshold = (float)(_options.Threshold ?? model.Threshold);
        _series = new float[_window];
        _features = new float[_window];
    }

    /// <summary>The validated parameters.</summary>
    public SrCnnStreamingOptions Options => _options;

    /// <summary>The network window w.</summary>
    public int WindowSize => _window;

    /// <summary>The alert threshold in use (the option, else the model's).</summary>
    public double Threshold => _threshold;

    /// <summary>Creates an empty per-series state (a ring of the last w − κ values).</summary>
    /// <returns>A new state.</returns>
    public SrSeriesState CreateState() => new(_real);

    /// <summary>Adds <paramref name="value"/> to the series in <paramref name="state"/> and scores it.</summary>
    /// <param name="state">The series state (from <see cref="CreateState"/> of an engine with the same w and κ).</param>
    /// <param name="value">The newest observation.</param>
    /// <returns>(IsAnomaly, RawScore = probability, Mag = saliency); all zero for the first w − κ − 1 values.</returns>
    /// <exception cref="ArgumentException">The state was created for another window size.</exception>
    public SrPoint Update(SrSeriesState state, float value)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.WindowSize != _real)
        {
            throw new ArgumentException($"State window {state.WindowSize} does not match the detector's w − κ = {_real}.", nameof(state));
        }

        state.Push(value);
        if (!state.IsFull)
        {
            return default;
        }

        state.CopyTo(_series);
        Extrapolate(_series, _real, _options.LookaheadWindowSize);
        _saliency.Compute(_series, _features);
        int newest = _real - 1;
        float mag = _features[newest];
        for (int i = 0; i < _window; i++)
        {
            _features[i] *= InputScale;
        }

        float probability = _network.ForwardAt(_features, newest);
        return new SrPoint(probability > _threshold, probability, mag);
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

    /// <summary>
    /// Fills <paramref name="buffer"/>[<paramref name="real"/>..] with the extrapolation of the first
    /// <paramref name="real"/> values (reference <c>extend_series</c>, ML.NET <c>PredictNext</c>, float32).
    /// </summary>
    internal static void Extrapolate(Span<float> buffer, int real, int lookahead) =>
        SpectralResidual.SrMath.Extrapolate(buffer, real, lookahead);
}
