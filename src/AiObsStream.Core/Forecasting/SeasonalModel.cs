using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace AiObsStream.Core.Forecasting;

/// <summary>
/// Fits an hourly series as intercept + linear trend + Fourier terms of the daily and weekly cycles by least squares
/// (MathNet QR), with an AR(1) correction of the residuals, and forecasts the next hours with prediction intervals.
/// </summary>
/// <remarks>
/// <para>Why this model (dynamic harmonic regression, Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and
/// Practice</i> 3rd ed., §12.1 "Complex seasonality"; §10.5 "Dynamic harmonic regression"): the series are hourly with
/// two seasonal periods (24 and 168); Holt-Winters handles one period and needs a complete, regular series, while a
/// regression on the absolute hour takes gaps (hours without data: a scrape outage, a restart) as they come, with no
/// imputation, and handles both periods with a handful of coefficients (at most 16) instead of 168 seasonal states.
/// The fit is a small dense least-squares problem (≤ 672 × 16), solved from scratch at each closed hour, so there is
/// no incremental state to drift or to checkpoint beyond the bounded hourly history itself.</para>
/// <para>What is fitted depends on the history: the daily terms from one day of points; the trend from three days
/// (with less, a trend cannot be told from the daily cycle); the weekly terms from two weeks (two cycles, so a one-off
/// quiet day is not taken for a weekly shape). Residuals of consecutive hours give the AR(1) coefficient φ (clamped
/// to [0, 0.95]); the forecast h hours after the last point adds φ^h times the last residual, so a level that moved
/// in the last hours is followed, and fades into the seasonal mean.</para>
/// <para>Interval: t quantile (n − p degrees of freedom) × σ × √((1 − φ^{2h}) + x₀ᵀ(XᵀX)⁻¹x₀), where σ is the residual
/// standard deviation: the AR(1) forecast error of the residual plus the uncertainty of the coefficients. On the
/// <see cref="ForecastScale.Log"/> scale the interval is computed on log(1 + y) and transformed back, which keeps its
/// coverage. Points and bounds are clamped to [0, <see cref="SeasonalModelOptions.Ceiling"/>].</para>
/// </remarks>
public static class SeasonalModel
{
    /// <summary>History span (hours) from which the trend is fitted.</summary>
    public const int TrendFromHours = 72;

    /// <summary>History span (hours) from which the weekly terms are fitted.</summary>
    public const int WeeklyFromHours = 2 * SeasonalFeatures.HoursPerWeek;

    /// <summary>Fits a series of hourly points.</summary>
    /// <param name="hours">Hours since the Unix epoch, strictly increasing (missing hours are gaps).</param>
    /// <param name="values">The value of each hour: finite and ≥ 0.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="fit">The fit, when it succeeds.</param>
    /// <param name="reason">Why no fit was made (too short a history, or too irregular for its regressors).</param>
    /// <returns>True when a fit was made.</returns>
    /// <exception cref="ArgumentException">Lengths differ, hours are not strictly increasing, or a value is NaN, infinite
    /// or negative (the caller rejects those before they reach the history).</exception>
    public static bool TryFit(ReadOnlySpan<long> hours, ReadOnlySpan<double> values, SeasonalModelOptions options,
        out SeasonalFit? fit, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(hours, values);
        fit = null;
        var n = hours.Length;
        if (n < options.MinPoints)
        {
            reason = $"history of {n} hourly points, fewer than {options.MinPoints}";
            return false;
        }

        var span = hours[^1] - hours[0] + 1;
        var features = new SeasonalFeatures(
            Trend: span >= TrendFromHours && n >= 48,
            DailyHarmonics: options.DailyHarmonics,
            WeeklyHarmonics: span >= WeeklyFromHours && n >= SeasonalFeatures.HoursPerWeek ? options.WeeklyHarmonics : 0,
            AnchorHour: hours[^1]);
        var p = features.Count;
        if (n - p < 8)
        {
            reason = $"history of {n} hourly points is too short for {p} coefficients";
            return false;
        }

        var x = Matrix<double>.Build.Dense(n, p);
        var y = Vector<double>.Build.Dense(n);
        Span<double> row = stackalloc double[p];
        for (var i = 0; i < n; i++)
        {
            features.Fill(hours[i], row);
            for (var j = 0; j < p; j++)
            {
                x[i, j] = row[j];
            }

            y[i] = options.Scale == ForecastScale.Log ? Math.Log(1 + values[i]) : values[i];
        }

        var qr = x.QR(QRMethod.Thin);
        if (!FullRank(qr.R))
        {
            reason = "the hours of the history do not determine every seasonal term (too irregular)";
            return false;
        }

        var beta = qr.Solve(y);
        var residuals = y - (x * beta);
        var sigma = Math.Sqrt(residuals.DotProduct(residuals) / (n - p));
        var rInverse = qr.R.Inverse();
        var phi = ResidualAutocorrelation(hours, residuals);
        var t = StudentT.InvCDF(0, 1, n - p, 0.5 + (options.IntervalLevel / 2));
        fit = new SeasonalFit(features, beta.ToArray(), rInverse * rInverse.Transpose(), sigma, phi, residuals[n - 1], hours[^1], t, options);
        reason = null;
        return true;
    }

    private static void Check(ReadOnlySpan<long> hours, ReadOnlySpan<double> values)
    {
        if (hours.Length != values.Length)
        {
            throw new ArgumentException($"hours ({hours.Length}) and values ({values.Length}) differ in length");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < 0)
            {
                throw new ArgumentException($"value {values[i]} at hour {hours[i]}: forecast input must be finite and >= 0", nameof(values));
            }

            if (i > 0 && hours[i] <= hours[i - 1])
            {
                throw new ArgumentException($"hours must be strictly increasing (hour {hours[i]} after {hours[i - 1]})", nameof(hours));
            }
        }
    }

    /// <summary>False when a diagonal element of R is negligible against the largest: a regressor the hours do not determine.</summary>
    private static bool FullRank(Matrix<double> r)
    {
        var max = 0.0;
        for (var j = 0; j < r.ColumnCount; j++)
        {
            max = Math.Max(max, Math.Abs(r[j, j]));
        }

        for (var j = 0; j < r.ColumnCount; j++)
        {
            if (!(Math.Abs(r[j, j]) > 1e-8 * max))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lag-1 autocorrelation of the residuals over pairs of consecutive hours, clamped to [0, 0.95].</summary>
    private static double ResidualAutocorrelation(ReadOnlySpan<long> hours, Vector<double> residuals)
    {
        double cross = 0, square = 0;
        for (var i = 1; i < hours.Length; i++)
        {
            if (hours[i] - hours[i - 1] == 1)
            {
                cross += residuals[i] * residuals[i - 1];
                square += residuals[i - 1] * residuals[i - 1];
            }
        }

        return square > 0 ? Math.Clamp(cross / square, 0, 0.95) : 0;
    }
}
