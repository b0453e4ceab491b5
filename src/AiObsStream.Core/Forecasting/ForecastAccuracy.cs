namespace AiObsStream.Core.Forecasting;

/// <summary>
/// Rolling-origin forecast error of <see cref="SeasonalModel"/> against the seasonal-naive baseline (the same hour one
/// week earlier): MAPE, MASE and interval coverage.
/// </summary>
/// <remarks>
/// MASE (Hyndman &amp; Koehler 2006, "Another look at measures of forecast accuracy"): the mean absolute error over the
/// test forecasts divided by the in-sample mean absolute error of the seasonal-naive forecast (period 168 h) on the
/// training history. Below 1 the forecast beats what a week-ago copy achieved in sample. MAPE: the mean of |error| /
/// actual over actuals above zero.
/// </remarks>
public static class ForecastAccuracy
{
    private const int Week = 168;

    /// <summary>
    /// Fits on the first <paramref name="trainHours"/> values, then at every <paramref name="step"/>-th hour after them
    /// refits on the history so far (at most <paramref name="maxHistory"/> hours) and forecasts 1..<paramref name="horizon"/> hours ahead.
    /// </summary>
    public static ForecastScore Score(ReadOnlySpan<double> values, long startHour, int trainHours, int horizon, int step,
        int maxHistory, SeasonalModelOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainHours, 2 * Week);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        double scale = 0;
        for (var i = Week; i < trainHours; i++)
        {
            scale += Math.Abs(values[i] - values[i - Week]);
        }

        scale /= trainHours - Week;
        var hours = new long[values.Length];
        for (var i = 0; i < hours.Length; i++)
        {
            hours[i] = startHour + i;
        }

        double modelAbs = 0, naiveAbs = 0, modelPct = 0, naivePct = 0;
        int n = 0, pct = 0, covered = 0;
        for (var origin = trainHours; origin + horizon <= values.Length; origin += step)
        {
            var from = Math.Max(0, origin - maxHistory);
            if (!SeasonalModel.TryFit(hours.AsSpan(from, origin - from), values[from..origin], options, out var fit, out _))
            {
                continue;
            }

            for (var h = 1; h <= horizon; h++)
            {
                var t = origin + h - 1;
                var p = fit!.Predict(hours[t]);
                var naive = values[t - Week];
                var actual = values[t];
                modelAbs += Math.Abs(p.Point - actual);
                naiveAbs += Math.Abs(naive - actual);
                covered += actual >= p.Lower && actual <= p.Upper ? 1 : 0;
                n++;
                if (actual > 0)
                {
                    modelPct += Math.Abs(p.Point - actual) / actual;
                    naivePct += Math.Abs(naive - actual) / actual;
                    pct++;
                }
            }
        }

        return new ForecastScore(n, modelAbs / n / scale, naiveAbs / n / scale, modelPct / pct, naivePct / pct, covered / (double)n);
    }
}
