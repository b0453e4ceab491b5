using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Forecasting;

/// <content>The forecast saturation alert.</content>
public sealed partial class ForecastEngine
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private void EvaluateSaturation(ForecastSeries s, long hour, ForecastPoint[] points, List<AlertEvent> alerts)
    {
        var threshold = _options.SaturationFor(s.Deployment);
        var issuedMs = (hour + 1) * HourMs;
        var first = -1;
        var peak = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (first < 0 && points[i].Point > threshold)
            {
                first = i;
            }

            if (points[i].Point > points[peak].Point)
            {
                peak = i;
            }
        }

        if (first >= 0 && s.AlertId is null)
        {
            s.AlertId = AlertId(s, issuedMs);
            s.AlertStartsAtMs = issuedMs;
            alerts.Add(Alert(s, AlertStatus.Firing, issuedMs, points[peak], points[first], threshold));
        }
        else if (first < 0 && s.AlertId is not null)
        {
            alerts.Add(Alert(s, AlertStatus.Resolved, issuedMs, points[peak], points[peak], threshold) with { EndsAtMs = issuedMs });
            s.AlertId = null;
        }
    }

    private AlertEvent Alert(ForecastSeries s, AlertStatus status, long issuedMs, ForecastPoint peak, ForecastPoint crossing, double threshold)
    {
        var leadMinutes = ((crossing.Hour * HourMs) - issuedMs) / 60_000.0;
        var level = _options.IntervalLevel * 100;
        var summary = status == AlertStatus.Firing
            ? string.Create(Inv, $"{s.Deployment} GPU utilization forecast to reach {crossing.Point:0.#} % ({level:0} % interval {crossing.Lower:0.#}-{crossing.Upper:0.#}) at {Clock(crossing.Hour)}, {leadMinutes:0} min ahead, above the saturation threshold {threshold:0.#} %; forecast peak {peak.Point:0.#} % at {Clock(peak.Hour)}")
            : string.Create(Inv, $"{s.Deployment} GPU utilization no longer forecast above {threshold:0.#} % in the next {_options.HorizonHours} h (peak {peak.Point:0.#} % at {Clock(peak.Hour)})");
        return new AlertEvent
        {
            AlertId = s.AlertId!,
            Rule = ForecastMetricNames.SaturationRule,
            Severity = Severity.Warning,
            Status = status,
            TimeGeneratedMs = issuedMs,
            StartsAtMs = s.AlertStartsAtMs,
            Value = peak.Point,
            Threshold = threshold,
            Metric = MetricNames.GpuUtil,
            Statistic = Statistic.Mean,
            Source = nameof(TelemetrySource.DCGM),
            Deployment = s.Deployment,
            ModelName = s.ModelName,
            ModelVersion = s.ModelVersion,
            Operation = string.Empty,
            Host = string.Empty,
            Gpu = string.Empty,
            Score = status == AlertStatus.Firing ? leadMinutes : double.NaN,
            ExpectedValue = crossing.Point,
            LowerBound = crossing.Lower,
            UpperBound = crossing.Upper,
            Summary = summary,
        };
    }

    private static string Clock(long hour) => DateTimeOffset.FromUnixTimeMilliseconds(hour * HourMs).ToString("yyyy-MM-dd HH:mm", Inv);

    private static string AlertId(ForecastSeries s, long startsAt) =>
        StableHash64.Combine(StableHash64.Combine(StableHash64.Of(ForecastMetricNames.SaturationRule), StableHash64.Of(s.Deployment)), (ulong)startsAt)
            .ToString("x16", Inv);
}
