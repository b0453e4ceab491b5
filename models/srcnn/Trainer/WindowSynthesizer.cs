using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>
/// Training-window synthesis of the SR-CNN reference (microsoft/anomalydetector <c>srcnn/generate_data.py</c>
/// <c>gen.generate_train_data</c> and <c>srcnn/utils.py</c> <c>gen_set.__getitem__</c>; sr-spec §2.3).
/// </summary>
/// <remarks>
/// Per series, windows x = v[pt−w .. pt−1] for pt = w, w+s, ... &lt; n; x is min-max normalised to [0, 3]
/// (3·(x − min)/(max − min + 1e-5)); k ~ U{1 .. num−1} distinct positions get
/// x[p] += (x̄₃[p] + mean(x))·N(0,1)·min(1 + var(x), 10) (x̄₃ = trailing 3-mean of the clean window) and label 1;
/// a counter grows by U[0,1) for every window without position w−6 among them and forces w−6 once it passes 100.
/// Labels are then cleaned with the SR saliency S of the window (no extrapolation) and its trailing 3-mean S̄:
/// S and S̄ both &lt; 0.001 → 0; injected with S/S̄ &lt; 1 → 0; S/S̄ &gt; 5 → 1; the two largest
/// |S − S̄|/(S̄ + 0.01) above 5 → 1. Network input = 100·S. The counter carries over between series, as in the reference.
/// </remarks>
internal sealed class WindowSynthesizer
{
    private readonly int _window;
    private readonly int _step;
    private readonly int _maxAnomalies;
    private readonly SeededRandom _random;
    private readonly SrSaliency _saliency;
    private readonly double[] _data;
    private readonly double[] _average;
    private readonly float[] _x;
    private readonly float[] _s;
    private readonly float[] _sAvg;
    private readonly float[] _labels;
    private double _control;

    public WindowSynthesizer(int window, int step, int maxAnomalies, SeededRandom random)
    {
        _window = window;
        _step = step;
        _maxAnomalies = maxAnomalies;
        _random = random;
        _saliency = new SrSaliency(window);
        _data = new double[window];
        _average = new double[window];
        _x = new float[window];
        _s = new float[window];
        _sAvg = new float[window];
        _labels = new float[window];
    }

    /// <summary>Appends every window of <paramref name="values"/> to <paramref name="set"/>.</summary>
    public void AddSeries(ReadOnlySpan<float> values, TrainingSet set)
    {
        for (int pt = _window; pt < values.Length; pt += _step)
        {
            Inject(values.Slice(pt - _window, _window));
            CleanLabels();
            for (int i = 0; i < _window; i++)
            {
                _s[i] *= 100f;
            }

            set.Add(_s, _labels);
        }
    }

    private void Inject(ReadOnlySpan<float> raw)
    {
        int w = _window;
        Normalise(raw, _data);
        int count = _random.Next(1, _maxAnomalies);
        int[] ids = _random.Choose(w, count);
        if (Array.IndexOf(ids, w - 6) < 0)
        {
            _control += _random.NextDouble();
        }
        else
        {
            _control = 0;
        }

        if (_control > 100)
        {
            ids[0] = w - 6;
            _control = 0;
        }

        double mean = 0;
        for (int i = 0; i < w; i++)
        {
            mean += _data[i];
        }

        mean /= w;
        double variance = 0;
        for (int i = 0; i < w; i++)
        {
            variance += (_data[i] - mean) * (_data[i] - mean);
        }

        variance /= w;
        TrailingMean3(_data, _average);
        Array.Clear(_labels);
        foreach (int id in ids)
        {
            _data[id] += (_average[id] + mean) * _random.NextGaussian() * Math.Min(1 + variance, 10);
            _labels[id] = 1f;
        }

        for (int i = 0; i < w; i++)
        {
            _x[i] = (float)_data[i];
        }
    }

    private void CleanLabels()
    {
        _saliency.Compute(_x, _s);
        TrailingMean3(_s, _sAvg);
        int first = -1;
        int second = -1;
        for (int i = 0; i < _window; i++)
        {
            if (_s[i] < 0.001f && _sAvg[i] < 0.001f)
            {
                _labels[i] = 0f;
            }
            else
            {
                float ratio = _s[i] / _sAvg[i];
                if (ratio < 1f && _labels[i] == 1f)
                {
                    _labels[i] = 0f;
                }

                if (ratio > 5f)
                {
                    _labels[i] = 1f;
                }
            }

            float score = Math.Abs(_s[i] - _sAvg[i]) / (_sAvg[i] + 0.01f);
            if (first < 0 || score > Score(first))
            {
                second = first;
                first = i;
            }
            else if (second < 0 || score > Score(second))
            {
                second = i;
            }
        }

        foreach (int i in (ReadOnlySpan<int>)[first, second])
        {
            if (i >= 0 && Score(i) > 5f)
            {
                _labels[i] = 1f;
            }
        }
    }

    private float Score(int i) => Math.Abs(_s[i] - _sAvg[i]) / (_sAvg[i] + 0.01f);

    internal static void Normalise(ReadOnlySpan<float> raw, Span<double> result)
    {
        double min = double.MaxValue;
        double max = double.MinValue;
        foreach (float v in raw)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        for (int i = 0; i < raw.Length; i++)
        {
            result[i] = 3 * (raw[i] - min) / (max - min + 1e-5);
        }
    }

    internal static void TrailingMean3<T>(ReadOnlySpan<T> data, Span<T> result)
        where T : System.Numerics.IFloatingPoint<T>
    {
        for (int i = 0; i < data.Length; i++)
        {
            int start = Math.Max(0, i - 2);
            T sum = T.Zero;
            for (int j = start; j <= i; j++)
            {
                sum += data[j];
            }

            result[i] = sum / T.CreateChecked(i - start + 1);
        }
    }
}
