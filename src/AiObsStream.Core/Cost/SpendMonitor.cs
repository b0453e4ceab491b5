using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Cost;

/// <summary>
/// Watches the spend of each deployment (final <c>cost_usd</c> rows, summed over sources and versions into
/// <see cref="SpendAlertOptions.Bucket"/> buckets) and raises spend alerts and 7-day forecast rows.
/// </summary>
/// <remarks>
/// <para><b>Seed rule</b> (<c>spend-weekly</c>), evaluated at each closed bucket: the spend of the last 24 h is compared
/// with the trailing weekly average, i.e. the spend of the 7 days before those 24 h divided by 7; it fires when
/// above (1 + <see cref="SpendAlertOptions.AboveWeeklyAverage"/>) × average and resolves when back at or below.
/// Warm-up: no evaluation until 8 full days of buckets exist for the deployment.</para>
/// <para><b>SR-CNN</b> (<c>spend-srcnn</c>): each closed bucket feeds the streaming SR-CNN detector; an anomalous bucket
/// above the mean of the detector window fires, the next normal bucket resolves (warm-up: w − κ buckets).</para>
/// <para><b>Forecast</b> (<c>cost_forecast_7d_usd</c>), at each UTC midnight: seasonal-naive average with weekly
/// seasonality: each bucket of the next 7 days is forecast as the mean of the same bucket-of-week over the last
/// W ≤ <see cref="SpendAlertOptions.ForecastWeeks"/> full weeks; with less than one week of history the forecast is
/// the mean bucket spend × buckets per week (flat baseline). Count = history buckets used.</para>
/// <para><b>Surge</b> (<c>spend-surge</c>, minute level, <see cref="SpendSurgeOptions"/>): the hourly rules see a jump in
/// spend hours late, so each deployment's token <c>cost_usd</c> rows (request sources; GPU rows price time, not calls)
/// are also summed per <see cref="SpendSurgeOptions.Window"/> with their request counts (Count). The baseline is the
/// median spend per minute and the median spend per request of the last N windows that were not themselves surging
/// (windows without requests are unknown, not $0; at least <see cref="SpendSurgeOptions.MinKnownBaseline"/> known).
/// A window breaches when spend per minute ≥ ratio × baseline, the increase is ≥ the absolute floor (USD per minute:
/// a practical effect, not only a ratio over a tiny baseline), and spend per request ≥ perRequestRatio × its baseline;
/// the rule fires (Warning) after <c>sustain</c> consecutive breaching windows, starting at the first. The per-request
/// test is what makes it a spend incident: a traffic surge raises spend in proportion to requests, which is the
/// capacity incident's business (throttling, queueing), and more calls from a runaway caller is the caller's problem,
/// not a change in what each call costs. Spend that grows because each call got dearer (longer prompts, a pricier
/// model or version) is what this rule is for. Breaching and firing windows stay out of the baseline; it resolves
/// after <c>resolveWindows</c> windows under resolveRatio × baseline. Value = spend per minute, Threshold = ratio ×
/// baseline, ExpectedValue = baseline; the summary gives spend per request before and after. With hopping windows
/// sums overcount by size/hop as everywhere (ratios are unaffected; the floor is in those units).</para>
/// <para>Buckets close when the watermark guarantees every window in them is final; at the end of the input only buckets
/// ending at or before the last window seen close. Time is event time only. Not thread-safe.</para>
/// </remarks>
public sealed partial class SpendMonitor : IFinalRowsMonitor
{
    private const long DayMs = 86_400_000;
    private readonly SpendAlertOptions _options;
    private readonly SrCnnStreamingDetector? _detector;
    private readonly long _bucketMs;
    private readonly long _surgeMs;
    private readonly int _perDay;
    private readonly SortedDictionary<string, SpendSeries> _series = new(StringComparer.Ordinal);
    private long _maxWindowEndMs = long.MinValue;

    /// <summary>Creates a monitor.</summary>
    /// <param name="options">Validated spend options.</param>
    /// <param name="srCnn">SR-CNN weights; null turns the SR-CNN spend alert off.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SpendMonitor(SpendAlertOptions options, SrCnnModel? srCnn)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _bucketMs = (long)options.Bucket.TotalMilliseconds;
        _perDay = (int)(DayMs / _bucketMs);
        _surgeMs = (long)options.Surge.Window.TotalMilliseconds;
        _detector = options.SrCnn && srCnn is not null ? new SrCnnStreamingDetector(srCnn) : null;
    }

    /// <summary>Rule name of the seed rule.</summary>
    public const string WeeklyRule = "spend-weekly";

    /// <summary>Rule name of the SR-CNN spend alert.</summary>
    public const string SrCnnRule = "spend-srcnn";

    /// <summary>Number of deployments tracked.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Adds the final <c>cost_usd</c> rows among <paramref name="rows"/> (others are ignored) to their buckets.</summary>
    /// <param name="rows">Rows in a deterministic order.</param>
    public void Observe(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            if (row.Kind != RowKind.Final || row.Metric != CostMetricNames.CostUsd || !double.IsFinite(row.Sum))
            {
                continue;
            }

            var bucket = Floor(row.WindowStartMs);
            var d = row.Dims.Deployment;
            if (!_series.TryGetValue(d, out var s))
            {
                _series[d] = s = new SpendSeries(d, bucket) { Sr = _detector?.CreateState() };
            }

            if (Surge.Enabled && row.Dims.Source != TelemetrySource.DCGM)
            {
                ObserveSurge(s, row);
            }

            if (bucket < s.NextBucketMs)
            {
                continue; // its bucket already closed (cannot happen when closing follows finality; kept safe)
            }

            if (!s.Open.TryGetValue(bucket, out var versions))
            {
                s.Open[bucket] = versions = new SmallOrdinalMap<double>();
            }

            versions[row.ModelVersion] = versions.GetValueOrDefault(row.ModelVersion) + row.Sum;
            s.Dims = row.Dims;
            _maxWindowEndMs = Math.Max(_maxWindowEndMs, row.WindowEndMs);
        }
    }

    /// <summary>Closes every bucket that ends at or before <paramref name="finalThroughMs"/> and evaluates it.</summary>
    /// <param name="finalThroughMs">Every window ending at or before this is final (watermark − allowed lateness);
    /// long.MaxValue at the end of the input closes buckets up to the last window seen.</param>
    /// <param name="alerts">Receives spend alert changes.</param>
    /// <param name="rows">Receives forecast rows.</param>
    public void Advance(long finalThroughMs, List<AlertEvent> alerts, List<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(rows);
        var through = finalThroughMs == long.MaxValue ? _maxWindowEndMs : finalThroughMs;
        foreach (var s in _series.Values)
        {
            var steps = 0;
            while (s.NextBucketMs + _bucketMs <= through && steps++ < MaxHistory)
            {
                Close(s, alerts, rows);
            }

            if (s.NextBucketMs + _bucketMs <= through)
            {
                // A gap longer than the history: restart the series at the newest complete bucket.
                s.History.Clear();
                s.NextBucketMs = s.HistoryStartMs = Floor(through) - _bucketMs;
                s.Sr?.Reset();
            }

            if (Surge.Enabled && s.Surge is not null)
            {
                AdvanceSurge(s.Surge, through, alerts);
            }
        }
    }

    private int MaxHistory => Math.Max(8 * _perDay, _options.ForecastWeeks * 7 * _perDay);

    private long Floor(long ms) => ms - (((ms % _bucketMs) + _bucketMs) % _bucketMs);

    private void Close(SpendSeries s, List<AlertEvent> alerts, List<MetricRow> forecasts)
    {
        var start = s.NextBucketMs;
        var usd = 0.0;
        if (s.Open.Remove(start, out var versions))
        {
            var top = double.MinValue;
            foreach (var (version, v) in versions)
            {
                usd += v;
                if (v >= top)
                {
                    top = v;
                    s.Version = version;
                }
            }
        }

        s.History.Add(usd);
        s.NextBucketMs = start + _bucketMs;
        if (s.History.Count > MaxHistory)
        {
            s.History.RemoveAt(0);
            s.HistoryStartMs += _bucketMs;
        }

        var end = start + _bucketMs;
        EvaluateWeekly(s, end, alerts);
        EvaluateSrCnn(s, usd, start, end, alerts);
        if (_options.Forecast && end % DayMs == 0)
        {
            forecasts.Add(Forecast(s, end));
        }
    }

    private static MetricRow SeriesRow(SpendSeries s, long start, long end) => CostRow(s.Dims!, s.Version, start, end);

    /// <summary>The empty cost row an alert about a spend series is built on (its dimensions and span).</summary>
    private static MetricRow CostRow(SeriesDims dims, string version, long start, long end) => new()
    {
        WindowStartMs = start,
        WindowEndMs = end,
        Metric = CostMetricNames.CostUsd,
        Dims = dims,
        ModelVersion = version,
        Count = 0,
        Sum = 0,
        Min = double.NaN,
        Max = double.NaN,
        Mean = double.NaN,
        Kind = RowKind.Final,
    };

    private static string AlertId(string rule, SeriesDims dims, long startsAt) =>
        StableHash64.Combine(StableHash64.Combine(StableHash64.Of(rule), dims.StableHash), (ulong)startsAt)
            .ToString("x16", CultureInfo.InvariantCulture);
}
