using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Cost;

/// <content>The seed rule, the SR-CNN alert and the forecast.</content>
public sealed partial class SpendMonitor
{
    private void EvaluateWeekly(SpendSeries s, long end, List<AlertEvent> alerts)
    {
        var n = s.History.Count;
        if (n < 8 * _perDay || s.Dims is null)
        {
            return; // warm-up: 7 days of baseline + the day being judged
        }

        var current = s.Sum(n - _perDay, _perDay);
        var average = s.Sum(n - (8 * _perDay), 7 * _perDay) / 7;
        var threshold = (1 + _options.AboveWeeklyAverage) * average;
        var breach = average > 0 && current >= _options.MinDailyUsd && current > threshold;
        var row = SeriesRow(s, end - DayMs, end);
        if (breach && s.SeedAlertId is null)
        {
            s.SeedStartsAt = end - _bucketMs;
            s.SeedAlertId = AlertId(WeeklyRule, s.Dims, s.SeedStartsAt);
            var pct = (current / average - 1) * 100;
            alerts.Add(AlertFactory.Create(row, s.SeedAlertId, WeeklyRule, CostMetricNames.CostUsd, Statistic.Sum, Severity.Warning,
                AlertStatus.Firing, (end, s.SeedStartsAt, null), current, threshold,
                string.Create(CultureInfo.InvariantCulture,
                    $"spend of {AlertFactory.Where(row)} in the last 24 h is ${current:F2}, {pct:F0} % above the trailing 7-day daily average ${average:F2}")));
        }
        else if (!breach && s.SeedAlertId is not null)
        {
            alerts.Add(AlertFactory.Create(row, s.SeedAlertId, WeeklyRule, CostMetricNames.CostUsd, Statistic.Sum, Severity.Warning,
                AlertStatus.Resolved, (end, s.SeedStartsAt, end - _bucketMs), current, threshold,
                string.Create(CultureInfo.InvariantCulture,
                    $"spend of {AlertFactory.Where(row)} in the last 24 h is ${current:F2}, back within 10 % of the trailing 7-day daily average ${average:F2}")));
            s.SeedAlertId = null;
        }
    }

    private void EvaluateSrCnn(SpendSeries s, double usd, long start, long end, List<AlertEvent> alerts)
    {
        if (_detector is null || s.Sr is null || s.Dims is null)
        {
            return;
        }

        var mean = Mean(s.Sr);
        var point = _detector.Update(s.Sr, (float)usd);
        var anomaly = point.IsAnomaly && usd > mean;
        var row = SeriesRow(s, start, end);
        if (anomaly && s.SrAlertId is null)
        {
            s.SrStartsAt = start;
            s.SrAlertId = AlertId(SrCnnRule, s.Dims, start);
            alerts.Add(AlertFactory.Create(row, s.SrAlertId, SrCnnRule, CostMetricNames.CostUsd, Statistic.Sum, Severity.Warning,
                AlertStatus.Firing, (end, start, null), usd, _detector.Threshold,
                string.Create(CultureInfo.InvariantCulture,
                    $"spend of {AlertFactory.Where(row)} ${usd:F2} in the bucket is anomalous (SR-CNN p = {point.RawScore:F2}; recent mean ${mean:F2})"))
                with { Score = point.RawScore, ExpectedValue = mean });
        }
        else if (!anomaly && s.SrAlertId is not null)
        {
            alerts.Add(AlertFactory.Create(row, s.SrAlertId, SrCnnRule, CostMetricNames.CostUsd, Statistic.Sum, Severity.Warning,
                AlertStatus.Resolved, (end, s.SrStartsAt, start), usd, _detector.Threshold,
                string.Create(CultureInfo.InvariantCulture, $"spend of {AlertFactory.Where(row)} is back to normal (${usd:F2} in the bucket)"))
                with { Score = point.RawScore, ExpectedValue = mean });
            s.SrAlertId = null;
        }
    }

    private static double Mean(Detectors.SpectralResidual.SrSeriesState state)
    {
        if (state.Count == 0)
        {
            return 0;
        }

        Span<float> values = state.WindowSize <= 64 ? stackalloc float[state.WindowSize] : new float[state.WindowSize];
        state.CopyTo(values);
        var sum = 0.0;
        for (var i = 0; i < state.Count; i++)
        {
            sum += values[i];
        }

        return sum / state.Count;
    }

    /// <summary>Seasonal-naive weekly average forecast of the next 7 days (see the type remarks).</summary>
    private MetricRow Forecast(SpendSeries s, long at)
    {
        var h = s.History;
        var n = h.Count;
        var perWeek = 7 * _perDay;
        var weeks = Math.Min(_options.ForecastWeeks, n / perWeek);
        double total = 0;
        if (weeks == 0)
        {
            total = n > 0 ? s.Sum(0, n) / n * perWeek : 0;
        }
        else
        {
            for (var k = 0; k < perWeek; k++)
            {
                var slot = 0.0;
                for (var w = 1; w <= weeks; w++)
                {
                    slot += h[n - (w * perWeek) + k];
                }

                total += slot / weeks;
            }
        }

        return SeriesRow(s, at, at + (7 * DayMs)) with
        {
            Metric = CostMetricNames.Forecast7DaysUsd,
            Count = weeks == 0 ? n : weeks * perWeek,
            Sum = total,
            Mean = total / 7,
        };
    }
}
