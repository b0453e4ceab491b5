using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Forecasting;

/// <content>Closing an hour: history, forecasts, capacity and the recommendation.</content>
public sealed partial class ForecastEngine
{
    /// <summary>Below this utilization (%) an hour says nothing about what a GPU can serve.</summary>
    private const double MinUtilizationForCapacity = 5;

    /// <summary>Capacity samples needed before GPUs are recommended.</summary>
    private const int MinCapacitySamples = 3;

    private void CloseHour(long hour, List<AlertEvent> alerts, List<MetricRow> rows)
    {
        foreach (var s in _series.Values)
        {
            if (!s.Open.Remove(hour, out var bucket))
            {
                continue;
            }

            if (s.History.TryAdd(hour, s.ValueOf(bucket)) is { } reason)
            {
                Rejected++;
                LastRejection = reason;
                continue;
            }

            Forecast(s, hour, alerts, rows);
        }

        Dictionary<string, double>? needed = null;
        foreach (var (deployment, c) in _capacity)
        {
            if (!c.Open.Remove(hour, out var slot))
            {
                continue;
            }

            var requests = TrustedRequests(deployment, hour);
            var util = _series.GetValueOrDefault(ForecastSeries.Key(ForecastTarget.DeploymentGpuUtil, deployment, TelemetrySource.DCGM, string.Empty, string.Empty));
            if (requests is null || util is null || util.History.LastHour != hour || slot.Gpus.Count == 0
                || !(slot.MaxP95Ms <= _options.AcceptableLatencyP95Ms) || !(util.History.Values[^1] >= MinUtilizationForCapacity))
            {
                continue;
            }

            c.AddSample(requests.History.Values[^1] / slot.Gpus.Count * (_options.TargetUtilization / util.History.Values[^1]));
            if (c.Samples.Count >= MinCapacitySamples && requests.Latest is { } forecast)
            {
                var capacity = c.Capacity();
                Recommend(requests, slot.Gpus.Count, capacity, c.Samples.Count, forecast, hour, rows);
                c.GpusNeeded = rows[^1].Mean;
                (needed ??= new Dictionary<string, double>(_gpusNeeded, StringComparer.Ordinal))[deployment] = c.GpusNeeded;
            }
        }

        if (needed is not null)
        {
            Volatile.Write(ref _gpusNeeded, needed);
        }
    }

    /// <summary>The deployment's request series of the most trusted source that had data in <paramref name="hour"/>.</summary>
    private ForecastSeries? TrustedRequests(string deployment, long hour)
    {
        ForecastSeries? best = null;
        foreach (var source in Enum.GetValues<TelemetrySource>())
        {
            if (_series.GetValueOrDefault(ForecastSeries.Key(ForecastTarget.Requests, deployment, source, string.Empty, string.Empty)) is { } s
                && s.History.LastHour == hour
                && (best is null || SourceTrust.Prefer(MetricNames.Requests, source.ToString(), best.Source.ToString())))
            {
                best = s;
            }
        }

        return best;
    }

    private void Forecast(ForecastSeries s, long hour, List<AlertEvent> alerts, List<MetricRow> rows)
    {
        s.Latest = null;
        var options = s.Target is ForecastTarget.Requests or ForecastTarget.Tokens ? _load : _utilization;
        if (!SeasonalModel.TryFit(s.History.Hours, s.History.Values, options, out var fit, out _))
        {
            return;
        }

        var horizon = _options.HorizonHours;
        var points = new ForecastPoint[horizon];
        s.RowDims ??= new SeriesDims[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var p = fit!.Predict(hour + h);
            points[h - 1] = p;
            s.RowDims[h - 1] ??= Dims(s.Source, s.Deployment, s.ModelName, s.Host, s.Gpu, h);
            rows.Add(new MetricRow
            {
                WindowStartMs = p.Hour * HourMs,
                WindowEndMs = (p.Hour + 1) * HourMs,
                Metric = ForecastMetricNames.For(s.Target),
                Dims = s.RowDims[h - 1],
                ModelVersion = s.ModelVersion,
                Count = s.History.Count,
                Sum = double.NaN,
                Min = p.Lower,
                Max = p.Upper,
                Mean = p.Point,
                Kind = RowKind.Final,
            });
        }

        s.Latest = points;
        if (s.Target == ForecastTarget.DeploymentGpuUtil)
        {
            EvaluateSaturation(s, hour, points, alerts);
        }
    }

    private static void Recommend(ForecastSeries requests, int gpusNow, double capacity, int samples, ForecastPoint[] forecast, long hour, List<MetricRow> rows)
    {
        double peakUpper = 0, peakPoint = 0;
        foreach (var p in forecast)
        {
            peakUpper = Math.Max(peakUpper, p.Upper);
            peakPoint = Math.Max(peakPoint, p.Point);
        }

        var dims = Dims(requests.Source, requests.Deployment, requests.ModelName, string.Empty, string.Empty, forecast.Length);
        var start = (hour + 1) * HourMs;
        var end = (hour + 1 + forecast.Length) * HourMs;
        rows.Add(new MetricRow
        {
            WindowStartMs = start,
            WindowEndMs = end,
            Metric = ForecastMetricNames.CapacityRpmPerGpu,
            Dims = dims,
            ModelVersion = requests.ModelVersion,
            Count = samples,
            Sum = double.NaN,
            Min = double.NaN,
            Max = double.NaN,
            Mean = capacity,
            Kind = RowKind.Final,
        });
        rows.Add(new MetricRow
        {
            WindowStartMs = start,
            WindowEndMs = end,
            Metric = ForecastMetricNames.GpusNeeded,
            Dims = dims,
            ModelVersion = requests.ModelVersion,
            Count = gpusNow,
            Sum = double.NaN,
            Min = GpusFor(peakPoint, capacity),
            Max = double.NaN,
            Mean = GpusFor(peakUpper, capacity),
            Rate = peakUpper,
            Kind = RowKind.Final,
        });
    }

    /// <summary>GPUs that serve <paramref name="rpm"/> at <paramref name="capacity"/> requests per minute each (at least one).</summary>
    internal static double GpusFor(double rpm, double capacity) =>
        capacity > 0 && double.IsFinite(rpm) ? Math.Max(1, Math.Ceiling((rpm / capacity) - 1e-9)) : double.NaN;

    private static SeriesDims Dims(TelemetrySource source, string deployment, string modelName, string host, string gpu, int horizonHours) =>
        new(source, deployment, modelName, string.Empty, string.Empty, string.Empty, host, gpu,
            "HorizonHours=" + horizonHours.ToString(CultureInfo.InvariantCulture));
}
