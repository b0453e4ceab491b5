using MathNet.Numerics.LinearAlgebra;

namespace AiObsStream.Core.Forecasting;

/// <summary>A fitted <see cref="SeasonalModel"/>: predicts any hour after the history with its prediction interval.</summary>
/// <remarks>Immutable; safe to share.</remarks>
public sealed class SeasonalFit
{
    private readonly SeasonalFeatures _features;
    private readonly double[] _beta;
    private readonly Matrix<double> _covariance;
    private readonly double _lastResidual;
    private readonly double _t;
    private readonly SeasonalModelOptions _options;

    internal SeasonalFit(SeasonalFeatures features, double[] beta, Matrix<double> covariance, double sigma, double phi,
        double lastResidual, long lastHour, double t, SeasonalModelOptions options)
    {
        _features = features;
        _beta = beta;
        _covariance = covariance;
        Sigma = sigma;
        Phi = phi;
        _lastResidual = lastResidual;
        LastHour = lastHour;
        _t = t;
        _options = options;
    }

    /// <summary>Residual standard deviation (on the fitted scale).</summary>
    public double Sigma { get; }

    /// <summary>AR(1) coefficient of the residuals.</summary>
    public double Phi { get; }

    /// <summary>The last hour of the history.</summary>
    public long LastHour { get; }

    /// <summary>True when the trend was fitted.</summary>
    public bool HasTrend => _features.Trend;

    /// <summary>True when the weekly terms were fitted.</summary>
    public bool HasWeekly => _features.WeeklyHarmonics > 0;

    /// <summary>Number of coefficients.</summary>
    public int Coefficients => _beta.Length;

    /// <summary>The forecast of <paramref name="hour"/> (after <see cref="LastHour"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hour"/> is not after the history.</exception>
    public ForecastPoint Predict(long hour)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hour, LastHour);
        Span<double> row = stackalloc double[_beta.Length];
        _features.Fill(hour, row);
        var mean = 0.0;
        for (var j = 0; j < row.Length; j++)
        {
            mean += row[j] * _beta[j];
        }

        var leverage = 0.0;
        for (var i = 0; i < row.Length; i++)
        {
            for (var j = 0; j < row.Length; j++)
            {
                leverage += row[i] * _covariance[i, j] * row[j];
            }
        }

        var h = hour - LastHour;
        var carry = Math.Pow(Phi, h);
        mean += carry * _lastResidual;
        var half = _t * Sigma * Math.Sqrt(Math.Max(0, 1 - (carry * carry)) + leverage);
        return new ForecastPoint(hour, Back(mean), Back(mean - half), Back(mean + half));
    }

    private double Back(double v) =>
        Math.Clamp(_options.Scale == ForecastScale.Log ? Math.Exp(v) - 1 : v, 0, _options.Ceiling);
}
