using MathNet.Numerics.IntegralTransforms;
using Complex = System.Numerics.Complex;

namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// Scores one batch with the semantics of ML.NET's <c>SrCnnEntireModeler</c> (dotnet/machinelearning
/// src/Microsoft.ML.TimeSeries/SrCnnEntireAnomalyDetector.cs; SR spec §3.4-3.7), in double precision.
/// Spectral residual after Ren et al., KDD 2019.
/// </summary>
/// <remarks>Not thread-safe; allocates per batch (batch scoring is not a per-event hot path).</remarks>
internal sealed partial class SrBatchModeler
{
    /// <summary>Smallest batch ML.NET accepts.</summary>
    internal const int MinBatchSize = 12;

    private const int Lookahead = 5;
    private const int BackAdd = 5;
    private const int AveragingWindow = 3;
    private const int JudgementWindow = 40;
    private const double Eps = 1e-8;
    private const double DeanomalyThreshold = 0.35;
    private const double ZScoreThreshold = 1.5;
    private const int MinimumScoreWindow = 11; // (int)(maxScore * 10) + 1

    private readonly SrBatchOptions _options;
    private double _min;
    private double _max;
    private double _mean;
    private double _std;

    // Real part of the SR inverse FFT (length n + 5); reused by the period-mode AnomalyScore (quirk Q6).
    private double[] _srInverseReal = [];

    public SrBatchModeler(SrBatchOptions options) => _options = options;

    /// <summary>Scores <paramref name="values"/> (one batch, at least 12 points) into <paramref name="results"/>.</summary>
    public void Run(double[] values, Span<SrBatchPoint> results)
    {
        int n = values.Length;
        _min = double.MaxValue;
        _max = double.MinValue;
        double sum = 0;
        double squareSum = 0;
        foreach (double v in values)
        {
            _min = Math.Min(_min, v);
            _max = Math.Max(_max, v);
            sum += v;
            squareSum += v * v;
        }

        _mean = sum / n;
        _std = Math.Sqrt((squareSum - (sum * sum / n)) / n);

        double[] series = _options.Period > 0
            ? SrDeseasonalizer.Residual(values, _options.Period, _options.DeseasonalityMode)
            : (double[])values.Clone();

        var flags = new bool[n];
        var scores = new double[n];
        var mags = new double[n];
        SpectralResidual(series, flags, scores, mags);

        double[]? expected = null;
        double[]? units = null;
        double[]? upper = null;
        double[]? lower = null;
        switch (_options.DetectMode)
        {
            case SrDetectMode.AnomalyAndExpectedValue:
                expected = _options.Period > 0 ? ExpectedFromResidual(values, series) : ExpectedByFft(values, scores, adjust: true);
                break;
            case SrDetectMode.AnomalyAndMargin:
                (units, upper, lower) = (new double[n], new double[n], new double[n]);
                expected = _options.Period > 0
                    ? MarginPeriod(values, series, flags, scores, units, upper, lower)
                    : Margin(values, flags, scores, units, upper, lower);
                break;
        }

        for (int i = 0; i < n; i++)
        {
            results[i] = new SrBatchPoint(
                flags[i],
                scores[i],
                mags[i],
                expected?[i] ?? double.NaN,
                units?[i] ?? double.NaN,
                upper?[i] ?? double.NaN,
                lower?[i] ?? double.NaN);
        }
    }

    private void SpectralResidual(double[] series, bool[] flags, double[] scores, double[] mags)
    {
        int n = series.Length;
        int length = n + BackAdd;
        double predicted = SrMath.PredictNext(series, Lookahead);
        var spectrum = new Complex[length];
        for (int i = 0; i < length; i++)
        {
            spectrum[i] = new Complex(i < n ? series[i] : predicted, 0);
        }

        Fourier.Forward(spectrum, FourierOptions.Matlab);
        var mag = new double[length];
        var logMag = new double[length];
        for (int i = 0; i < length; i++)
        {
            mag[i] = Math.Sqrt((spectrum[i].Real * spectrum[i].Real) + (spectrum[i].Imaginary * spectrum[i].Imaginary));
            logMag[i] = mag[i] > Eps ? Math.Log(mag[i]) : 0;
        }

        var filtered = new double[length];
        SrMath.TrailingMean(logMag, AveragingWindow, filtered);
        for (int i = 0; i < length; i++)
        {
            double spectral = Math.Exp(logMag[i] - filtered[i]);
            spectrum[i] = logMag[i] != 0
                ? new Complex(spectrum[i].Real * spectral / mag[i], spectrum[i].Imaginary * spectral / mag[i])
                : Complex.Zero;
        }

        Fourier.Inverse(spectrum, FourierOptions.Matlab);
        _srInverseReal = new double[length];
        for (int i = 0; i < length; i++)
        {
            _srInverseReal[i] = spectrum[i].Real;
            mag[i] = Math.Sqrt((spectrum[i].Real * spectrum[i].Real) + (spectrum[i].Imaginary * spectrum[i].Imaginary));
        }

        SrMath.TrailingMean(mag, Math.Min(length, JudgementWindow), filtered);

        // Warm-up fix (quirk Q4): S̄[0..k] := S̄[k−1] with k = min(length, 11), i.e. 12 entries.
        int k = Math.Min(length, MinimumScoreWindow);
        for (int i = 0; i <= k && i < length; i++)
        {
            filtered[i] = filtered[k - 1];
        }

        for (int i = 0; i < n; i++)
        {
            double divisor = Math.Abs(filtered[i]) < Eps ? Eps : filtered[i];
            double score = Math.Abs(mag[i] - filtered[i]) / divisor / 10.0;
            score = Math.Max(Math.Min(score, 1.0), 0.0);
            bool flag = score > _options.Threshold;

            // z-score filter against the raw series' mean/std, applied to the (de-seasonalised) value (quirk Q3).
            if (flag && (_std < Eps || Math.Abs(series[i] - _mean) / _std < ZScoreThreshold))
            {
                flag = false;
                score = 0;
            }

            flags[i] = flag;
            scores[i] = score;
            mags[i] = mag[i];
        }
    }

    private double AdjustToDataRange(double expected)
    {
        if (_min >= 0 && expected < 0)
        {
            return 0;
        }

        return _max <= 0 && expected > 0 ? 0 : expected;
    }

    private double[] ExpectedFromResidual(double[] values, double[] residual)
    {
        var expected = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            expected[i] = AdjustToDataRange(values[i] - residual[i]);
        }

        return expected;
    }
}
