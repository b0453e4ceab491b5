using System.Globalization;

namespace AiObsStream.Cli.Report;

/// <summary>
/// Forecasts (README "Prediction"): per deployment with <c>forecast_*</c> rows, the latest forecast of its GPU
/// utilization and of its requests per minute, each after the measured hourly history of the two days before it, with
/// the interval drawn as a band; and a table of the latest scale recommendation. Without forecast rows nothing is shown.
/// </summary>
internal sealed partial class ReportBuilder
{
    public const string Forecast = "forecast";

    /// <summary>Hours of measured history drawn before a forecast.</summary>
    private const int HistoryHours = 48;

    /// <summary>Hours of history kept per series while reading (bounded: older hours are dropped as newer ones come).</summary>
    private const int KeptHours = 24 * 7;

    /// <summary>(deployment, series) → the latest forecast issued: issue time and its hourly points.</summary>
    private readonly Dictionary<(string Deployment, string Series), LatestForecast> _forecasts = [];

    /// <summary>(deployment, series) → measured hourly history: hour start → (sum, values, windows seen).</summary>
    private readonly Dictionary<(string Deployment, string Series), SortedDictionary<long, HourAcc>> _measured = [];

    /// <summary>Deployment → the latest scale recommendation rows (<c>forecast_gpus_needed</c>, <c>capacity_rpm_per_gpu</c>).</summary>
    private readonly Dictionary<string, (MetricRow? Needed, MetricRow? Capacity)> _recommendation = new(StringComparer.Ordinal);

    private void AddForecastRow(MetricRow row)
    {
        if (row.Deployment.Length == 0)
        {
            return;
        }

        switch (row.Metric)
        {
            case "gpu_util" when row.Source == "DCGM" && row.Gpu.Length > 0:
                Measure((row.Deployment, "gpu"), row.WindowStartMs, row.Mean, perWindowSum: false);
                break;
            case "requests" when row.Source.Length > 0:
                Measure((row.Deployment, "rpm:" + row.Source), row.WindowStartMs, row.Rate, perWindowSum: true);
                break;
            case "forecast_gpu_util" when row.Gpu.Length == 0:
                AddForecastPoint((row.Deployment, "gpu"), row);
                break;
            case "forecast_requests_rpm":
                AddForecastPoint((row.Deployment, "rpm:" + row.Source), row);
                break;
            case "forecast_gpus_needed":
                if (_recommendation.GetValueOrDefault(row.Deployment).Needed is not { } n || row.WindowStartMs >= n.WindowStartMs)
                {
                    _recommendation[row.Deployment] = (row, _recommendation.GetValueOrDefault(row.Deployment).Capacity);
                }

                break;
            case "capacity_rpm_per_gpu":
                if (_recommendation.GetValueOrDefault(row.Deployment).Capacity is not { } c || row.WindowStartMs >= c.WindowStartMs)
                {
                    _recommendation[row.Deployment] = (_recommendation.GetValueOrDefault(row.Deployment).Needed, row);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Adds a measured value to its hour: GPU utilization is the mean of the GPUs' window means; requests per minute the
    /// sum of the deployment's series in a window, averaged over the hour's windows (as the forecast engine counts them).
    /// </summary>
    private void Measure((string, string) key, long windowStartMs, double value, bool perWindowSum)
    {
        if (!IsSet(value))
        {
            return;
        }

        var hours = _measured.TryGetValue(key, out var h) ? h : _measured[key] = [];
        var hour = windowStartMs - Mod(windowStartMs, HourMs);
        if (!hours.TryGetValue(hour, out var acc))
        {
            acc = new HourAcc();
            hours[hour] = acc;
            if (hours.Count > KeptHours)
            {
                hours.Remove(hours.Keys.First());
            }
        }

        acc.Sum += value;
        acc.Values++;
        if (perWindowSum)
        {
            acc.Windows.Add(windowStartMs);
        }
    }

    private void AddForecastPoint((string, string) key, MetricRow row)
    {
        var horizon = HorizonHours(row.OtherDims);
        if (horizon <= 0 || !IsSet(row.Mean))
        {
            return;
        }

        var issued = row.WindowStartMs - (horizon * HourMs);
        if (!_forecasts.TryGetValue(key, out var latest) || issued > latest.IssuedMs)
        {
            latest = new LatestForecast(issued);
            _forecasts[key] = latest;
        }
        else if (issued < latest.IssuedMs)
        {
            return;
        }

        latest.Points[row.WindowStartMs] = (row.Mean, row.Min, row.Max);
    }

    private void FinishForecast()
    {
        foreach (var ((deployment, series), latest) in _forecasts.OrderBy(f => f.Key.Deployment, StringComparer.Ordinal)
                     .ThenBy(f => f.Key.Series, StringComparer.Ordinal))
        {
            var gpu = series == "gpu";
            var source = gpu ? "DCGM" : series["rpm:".Length..];
            var title = gpu
                ? "GPU utilization: measured (hourly mean over GPUs) and forecast with its interval"
                : "Requests per minute: measured (hourly mean) and forecast with its interval";
            var chart = Chart($"{Forecast}/{deployment}/{series}", Forecast, deployment, title, gpu ? "%" : "req/min");
            chart.Source = source;
            chart.StepMs = HourMs;
            var measured = chart.Line("measured", Merge.Mean);
            if (_measured.TryGetValue((deployment, series), out var hours))
            {
                foreach (var (hour, acc) in hours)
                {
                    if (hour >= latest.IssuedMs - (HistoryHours * HourMs) && hour < latest.IssuedMs)
                    {
                        measured.Add(hour, acc.Windows.Count > 0 ? acc.Sum / acc.Windows.Count : acc.Sum / acc.Values);
                    }
                }
            }

            var point = chart.Line("forecast", Merge.Mean);
            var upper = chart.Line("interval upper", Merge.Mean);
            var lower = chart.Line("interval lower", Merge.Mean);
            foreach (var (hour, (mean, min, max)) in latest.Points)
            {
                point.Add(hour, mean);
                upper.Add(hour, max);
                lower.Add(hour, min);
            }

            chart.Bands.Add(("interval upper", "interval lower"));
            chart.Markers.Add(new Marker(latest.IssuedMs, "forecast issued", "forecast"));
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var (deployment, (needed, capacity)) in _recommendation.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (needed is null)
            {
                continue;
            }

            var cap = capacity is not null && capacity.WindowStartMs == needed.WindowStartMs ? capacity : null;
            rows.Add([deployment, needed.Source, Format.Time(needed.WindowStartMs) + " – " + Format.Time(needed.WindowEndMs),
                Format.Number(needed.Rate), cap is null ? "—" : Format.Number(cap.Mean), cap is null ? "—" : Format.Number(cap.Count),
                Format.Number(needed.Count), Format.Number(needed.Mean), Format.Number(needed.Min)]);
        }

        if (rows.Count > 0)
        {
            _tables.Add(new TableData("forecast-table", Forecast, "Scale recommendation per deployment (latest forecast)",
                ["deployment", "request source", "horizon (UTC)", "peak RPM (upper bound)", "capacity (RPM per GPU)", "capacity samples",
                 "GPUs now", "GPUs needed (upper bound)", "GPUs needed (point forecast)"], rows,
                "GPUs needed = ⌈peak RPM / capacity⌉, at least 1; capacity = requests per minute one GPU serves at the target utilization (README \"Prediction\")."));
        }
    }

    /// <summary>The <c>HorizonHours=h</c> of a forecast row's other dimensions; 0 when absent.</summary>
    private static int HorizonHours(string otherDims)
    {
        foreach (var part in otherDims.Split(';'))
        {
            if (part.StartsWith("HorizonHours=", StringComparison.Ordinal)
                && int.TryParse(part.AsSpan("HorizonHours=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var h))
            {
                return h;
            }
        }

        return 0;
    }

    private static long Mod(long t, long m) => ((t % m) + m) % m;

    private sealed class HourAcc
    {
        public double Sum { get; set; }

        public long Values { get; set; }

        public HashSet<long> Windows { get; } = [];
    }

    private sealed class LatestForecast(long issuedMs)
    {
        public long IssuedMs { get; } = issuedMs;

        public SortedDictionary<long, (double Mean, double Min, double Max)> Points { get; } = [];
    }
}
