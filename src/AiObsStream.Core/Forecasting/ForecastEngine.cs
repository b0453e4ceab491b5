using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Forecasting;

/// <summary>
/// Forecasts GPU utilization (per GPU and per deployment) and request / token load per deployment for the next hours,
/// recommends the GPUs each deployment needs at its forecast peak, and alerts before a forecast peak crosses the
/// saturation threshold.
/// </summary>
/// <remarks>
/// <para>Input: the final rows of <c>gpu_util</c> (DCGM), <c>requests</c> and <c>tokens_total</c> (their per-minute
/// <c>Rate</c>) and <c>latency_ms</c> (its p95, for the capacity), summed into hourly buckets per series. An hour closes
/// when every window in it is final (watermark − allowed lateness past its end; at the end of the input, hours
/// ending at or before the last window seen). Each closed hour is appended to the series' bounded history
/// (<see cref="ForecastOptions.MaxHistory"/>) and every series with data in that hour and at least
/// <see cref="ForecastOptions.MinHistory"/> of history is fitted (<see cref="SeasonalModel"/>) and forecast for the
/// next <see cref="ForecastOptions.Horizon"/>: one row per hour ahead. So a replay of less than a day writes nothing.</para>
/// <para>Capacity per GPU (<c>capacity_rpm_per_gpu</c>): for each closed hour of a deployment whose latency p95 stayed at
/// or under <see cref="ForecastOptions.AcceptableLatencyP95Ms"/> (windows of ≥ 10 requests), requests per minute per
/// GPU scaled to the target utilization: RPM / GPUs × target / utilization (hours under 5 % utilization say nothing
/// about capacity and are skipped); the capacity is the median of those samples. GPUs needed
/// (<c>forecast_gpus_needed</c>) = ⌈peak of the upper interval bound of the RPM forecast / capacity⌉ (at least 1):
/// enough GPUs that, at the target utilization, the load the interval allows for is served.</para>
/// <para>Alert <c>forecast-gpu-saturated</c> (Warning, per deployment): fires at an hour's close when the point
/// forecast of the deployment's GPU utilization crosses <see cref="ForecastOptions.SaturationThreshold"/> within the
/// horizon; Value = forecast peak, Threshold = the saturation threshold, ExpectedValue = the point at the first
/// crossing hour, LowerBound / UpperBound = its interval, Score = the lead time in minutes (first crossing hour − the
/// forecast's issue time). It resolves at the first forecast that no longer crosses.</para>
/// <para>Time is event time only; output is deterministic (series in ordinal key order). Not thread-safe, except
/// <see cref="GpusNeeded"/>, a snapshot any thread may read.</para>
/// </remarks>
public sealed partial class ForecastEngine : IFinalRowsMonitor
{
    internal const long HourMs = 3_600_000;
    private readonly ForecastOptions _options;
    private readonly SeasonalModelOptions _utilization;
    private readonly SeasonalModelOptions _load;
    private readonly SortedDictionary<string, ForecastSeries> _series = new(StringComparer.Ordinal);

    /// <summary>
    /// The series of a (target, row series) pair, which determines its key: a final row finds its series in one hash
    /// lookup instead of building the key string and searching the sorted map (#12: a GPU fleet's final rows). A cache:
    /// not checkpointed, started afresh beyond the bound.
    /// </summary>
    private readonly Dictionary<(ForecastTarget, SeriesDims), ForecastSeries> _byDims = [];
    private readonly SortedDictionary<string, DeploymentCapacity> _capacity = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _openHours = [];
    private long _maxWindowEndMs = long.MinValue;
    private IReadOnlyDictionary<string, double> _gpusNeeded = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Creates an engine.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ForecastEngine(ForecastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _utilization = new SeasonalModelOptions { Scale = ForecastScale.Linear, Ceiling = 100, IntervalLevel = options.IntervalLevel, MinPoints = options.MinHours };
        _load = new SeasonalModelOptions { Scale = ForecastScale.Log, IntervalLevel = options.IntervalLevel, MinPoints = options.MinHours };
    }

    /// <summary>The options the engine runs with.</summary>
    public ForecastOptions Options => _options;

    /// <summary>Series tracked.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Hourly values refused (late beyond a closed hour, not finite, negative), with the last reason.</summary>
    public long Rejected { get; private set; }

    /// <summary>Why the last value was refused (null when none was).</summary>
    public string? LastRejection { get; private set; }

    /// <summary>GPUs needed per deployment at its latest forecast: a snapshot replaced whole, safe to read from any thread.</summary>
    public IReadOnlyDictionary<string, double> GpusNeeded => Volatile.Read(ref _gpusNeeded);

    /// <summary>Adds the final rows among <paramref name="rows"/> that forecasting reads (others are ignored).</summary>
    public void Observe(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Kind != RowKind.Final)
            {
                continue;
            }

            switch (row.Metric)
            {
                case MetricNames.GpuUtil when row.Dims.Source == TelemetrySource.DCGM && double.IsFinite(row.Mean):
                    if (_options.PerGpu)
                    {
                        Add(ForecastTarget.GpuUtil, row, row.Dims.Host, row.Dims.Gpu, row.Mean);
                    }

                    if (row.Dims.Deployment.Length > 0)
                    {
                        Add(ForecastTarget.DeploymentGpuUtil, row, string.Empty, string.Empty, row.Mean);
                        Hour(row).Gpus.Add(row.Dims.Host + "/" + row.Dims.Gpu);
                    }

                    break;
                case MetricNames.Requests when row.Dims.Deployment.Length > 0 && double.IsFinite(row.Rate):
                    Add(ForecastTarget.Requests, row, string.Empty, string.Empty, row.Rate);
                    break;
                case MetricNames.TokensTotal when row.Dims.Deployment.Length > 0 && double.IsFinite(row.Rate):
                    Add(ForecastTarget.Tokens, row, string.Empty, string.Empty, row.Rate);
                    break;
                case MetricNames.LatencyMs when row.Dims.Deployment.Length > 0 && row.Count >= 10 && double.IsFinite(row.P95):
                    var h = HourOf(row.WindowStartMs);
                    var open = Capacity(row.Dims.Deployment).Open;
                    if (open.TryGetValue(h, out var slot))
                    {
                        open[h] = slot with { MaxP95Ms = double.IsNaN(slot.MaxP95Ms) ? row.P95 : Math.Max(slot.MaxP95Ms, row.P95) };
                    }
                    else
                    {
                        open[h] = ([], row.P95);
                        _openHours.Add(h);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Closes every hour that ends at or before <paramref name="finalThroughMs"/>, forecasting and alerting.</summary>
    /// <param name="finalThroughMs">Every window ending at or before this is final (watermark − allowed lateness);
    /// long.MaxValue at the end of the input closes hours up to the last window seen.</param>
    /// <param name="alerts">Receives forecast alert changes.</param>
    /// <param name="rows">Receives forecast, capacity and recommendation rows.</param>
    public void Advance(long finalThroughMs, List<AlertEvent> alerts, List<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(rows);
        var through = finalThroughMs == long.MaxValue ? _maxWindowEndMs : finalThroughMs;
        while (_openHours.Count > 0 && (_openHours.Min + 1) * HourMs <= through)
        {
            var hour = _openHours.Min;
            _openHours.Remove(hour);
            CloseHour(hour, alerts, rows);
        }
    }

    private static long HourOf(long ms) => ms >= 0 ? ms / HourMs : ((ms + 1) / HourMs) - 1;

    private void Add(ForecastTarget target, MetricRow row, string host, string gpu, double value)
    {
        var d = row.Dims;
        if (!_byDims.TryGetValue((target, d), out var s))
        {
            var key = ForecastSeries.Key(target, d.Deployment, d.Source, host, gpu);
            if (!_series.TryGetValue(key, out s))
            {
                _series[key] = s = new ForecastSeries(target, d.Deployment, d.Source, host, gpu, _options.MaxHours);
            }

            if (_byDims.Count >= 1 << 16)
            {
                _byDims.Clear();
            }

            _byDims[(target, d)] = s;
        }

        var hour = HourOf(row.WindowStartMs);
        if (!s.Open.TryGetValue(hour, out var bucket))
        {
            s.Open[hour] = bucket = new HourBucket();
            _openHours.Add(hour);
        }

        bucket.Sum += value;
        bucket.Rows++;
        bucket.AddWindow(row.WindowStartMs);
        s.ModelName = d.ModelName.Length > 0 ? d.ModelName : s.ModelName;
        s.ModelVersion = row.ModelVersion.Length > 0 ? row.ModelVersion : s.ModelVersion;
        _maxWindowEndMs = Math.Max(_maxWindowEndMs, row.WindowEndMs);
    }

    private (HashSet<string> Gpus, double MaxP95Ms) Hour(MetricRow row)
    {
        var h = HourOf(row.WindowStartMs);
        var open = Capacity(row.Dims.Deployment).Open;
        if (!open.TryGetValue(h, out var slot))
        {
            open[h] = slot = ([], double.NaN);
            _openHours.Add(h);
        }

        return slot;
    }

    private DeploymentCapacity Capacity(string deployment)
    {
        if (!_capacity.TryGetValue(deployment, out var c))
        {
            _capacity[deployment] = c = new DeploymentCapacity(_options.MaxHours);
        }

        return c;
    }
}
