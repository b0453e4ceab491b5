using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Anomaly;

/// <summary>
/// Runs a streaming spectral-residual detector per anomaly rule × series over fixed-resolution buckets and turns
/// flagged points into <c>anomaly:&lt;metric&gt;</c> alerts with evidence (score, expected value, band).
/// </summary>
/// <remarks>
/// A point is anomalous when the rule's detector (SR, or SR-CNN with the trained model) flags it (after a warm-up of
/// one detector window) AND it lies outside the robust band
/// (median ± k·1.4826·MAD of the previous W points) in the rule's direction: SR finds the change, the band keeps
/// small wiggles quiet and supplies the expected value. Such a point fires once the departure holds on the next
/// points (<see cref="AnomalyOptions.ShiftConfirmPoints"/> of <see cref="AnomalyOptions.ShiftWindowPoints"/>), or at
/// once with <see cref="AnomalyOptions.SinglePointSpikes"/>; a percentile must depart by the end of its confidence
/// interval (<see cref="PercentileConfidence"/>). It must also clear the rule's practical-effect floor
/// (<see cref="AnomalyRuleDefinition.Floor"/>: a departure of at least max(absolute, relative × |expected|) in the rule's
/// direction), since a statistically clear change can still be too small for anyone to act on (a flat 4.9 % memory
/// series moving to 5.3 %). Every test that fires an alert, confirms a level shift or keeps an alert firing applies it.
/// The alert resolves after a run of clear points.
/// Single-threaded; call <see cref="EvaluateBucket"/> in ascending bucket order. Deterministic.
/// </remarks>
public sealed partial class AnomalyEngine
{
    private static readonly TimeSpan StateRetention = TimeSpan.FromHours(1);
    private readonly AnomalyOptions _options;
    private readonly SrStreamingDetector _sr;
    private readonly SrCnnStreamingDetector? _srCnn;
    private readonly Dictionary<string, List<int>> _rulesByMetric = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Rule, SeriesDims Dims), AnomalyInstance> _states = [];
    private readonly List<(int, SeriesDims)> _expired = [];
    private readonly AnomalyFloor[] _floors;
    private readonly float[] _history;
    private readonly double _resolutionMs;

    /// <summary>Creates an engine.</summary>
    public AnomalyEngine(AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _sr = new SrStreamingDetector(options.Sr);
        var usesCnn = options.Rules.Any(r => r.Enabled && r.Detector == AnomalyDetectorKind.SrCnn);
        if (usesCnn)
        {
            var model = options.SrCnnModel
                ?? throw new ArgumentException("an anomaly rule uses detector SrCnn but no SR-CNN model was given", nameof(options));
            _srCnn = new SrCnnStreamingDetector(model);
        }

        _history = new float[Math.Max(options.Sr.WindowSize, _srCnn?.WindowSize ?? 0)];
        _resolutionMs = options.Resolution.TotalMilliseconds;
        _floors = new AnomalyFloor[options.Rules.Count];
        for (var i = 0; i < options.Rules.Count; i++)
        {
            if (options.Rules[i].FloorProblem() is { } problem)
            {
                throw new ArgumentException($"anomaly rule '{options.Rules[i].Name}': {problem}", nameof(options));
            }

            _floors[i] = options.Rules[i].Floor;
            if (!options.Rules[i].Enabled)
            {
                continue;
            }

            if (!_rulesByMetric.TryGetValue(options.Rules[i].Metric, out var list))
            {
                _rulesByMetric[options.Rules[i].Metric] = list = [];
            }

            list.Add(i);
        }
    }

    /// <summary>Series with detector state.</summary>
    public int SeriesCount => _states.Count;

    /// <summary>Feeds one bucket's rows (deterministic order) and appends alert events.</summary>
    public void EvaluateBucket(long bucketStartMs, IReadOnlyList<MetricRow> rows, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var row in rows)
        {
            if (_rulesByMetric.TryGetValue(row.Metric, out var rules))
            {
                foreach (var index in rules)
                {
                    Evaluate(index, row, bucketStartMs, output);
                }
            }
        }

        Expire(bucketStartMs);
    }

    private void Evaluate(int index, MetricRow row, long bucket, List<AlertEvent> output)
    {
        var rule = _options.Rules[index];
        var value = rule.Statistic.Of(row);
        if (!double.IsFinite(value) || row.Count < rule.MinCount || (rule.Sources is { } s && !s.Contains(row.Dims.Source)))
        {
            return;
        }

        var key = (index, row.Dims);
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new AnomalyInstance(rule.Detector == AnomalyDetectorKind.SrCnn ? _srCnn!.CreateState() : _sr.CreateState());
        }

        var (expected, sigma) = Band(state.State);
        var point = rule.Detector == AnomalyDetectorKind.SrCnn ? _srCnn!.Update(state.State, (float)value) : _sr.Update(state.State, (float)value);
        state.LastBucketStart = bucket;
        var spikeSpread = _options.BandSigmas * sigma;
        var shiftSpread = _options.ShiftSigmas * sigma;
        var floor = _floors[index].At(expected);
        var span = PercentileConfidence.Interval(rule.Statistic, row, value, _options.PercentileConfidenceZ);
        if (!state.Firing)
        {
            if (_options.SinglePointSpikes && point.IsAnomaly && Outside(rule.Direction, span, expected, spikeSpread, floor) != 0)
            {
                Fire(index, state, row, bucket, value, point.RawScore, expected, spikeSpread, output); // a spike
                return;
            }

            if (state.CandidatePoints > 0)
            {
                ConfirmShift(index, state, row, bucket, value, span, output);
                return;
            }

            var direction = Outside(rule.Direction, span, expected, shiftSpread, floor);
            if (point.IsAnomaly && direction != 0)
            {
                // A change point (a spike or the start of a level shift): fire only if the next points stay beyond the
                // band and the floor too. One reading is not an effect anyone can act on: a scrape at 98 % or a
                // two-second p95 made of two slow calls is gone before a person could look.
                state.CandidateStart = bucket;
                state.CandidateDirection = direction;
                state.CandidateExpected = expected;
                state.CandidateSpread = shiftSpread;
                state.CandidateScore = point.RawScore;
                state.CandidatePoints = 1;
                state.CandidateHits = 1;
            }

            return;
        }

        if (point.IsAnomaly && Outside(rule.Direction, span, expected, spikeSpread, floor) != 0)
        {
            state.ClearPoints = 0;
            return;
        }

        if (state.Firing && ++state.ClearPoints == 1)
        {
            state.FirstClearStart = bucket;
        }

        if (state.Firing && state.ClearPoints >= rule.ResolveAfterPoints)
        {
            output.Add(Build(index, state, row, AlertStatus.Resolved, value, point.RawScore, expected, expected - spikeSpread, expected + spikeSpread, bucket, state.FirstClearStart));
            state.AlertId = null;
            state.ClearPoints = 0;
        }
    }

    /// <summary>
    /// +1 / −1 when <paramref name="value"/> lies beyond expected ± spread (the statistical band) and at least
    /// <paramref name="floor"/> (the practical effect) from expected, in a direction the rule reports; else 0.
    /// </summary>
    /// <remarks>
    /// <paramref name="value"/> is the confidence interval of the bucket's statistic (a single value unless it is a
    /// percentile, see <see cref="PercentileConfidence"/>): a rise must hold for its low end, a drop for its high end.
    /// </remarks>
    internal static int Outside(AnomalyDirection direction, (double Low, double High) value, double expected, double spread, double floor)
    {
        if (double.IsNaN(expected) || double.IsNaN(spread))
        {
            return 0; // warming up
        }

        var rise = value.Low - expected;
        if (rise > spread && rise >= floor && direction != AnomalyDirection.Down)
        {
            return 1;
        }

        var drop = expected - value.High;
        return drop > spread && drop >= floor && direction != AnomalyDirection.Up ? -1 : 0;
    }

    private void ConfirmShift(int index, AnomalyInstance state, MetricRow row, long bucket, double value, (double, double) span,
        List<AlertEvent> output)
    {
        state.CandidatePoints++;
        var direction = state.CandidateDirection > 0 ? AnomalyDirection.Up : AnomalyDirection.Down;
        var beyond = Outside(direction, span, state.CandidateExpected, state.CandidateSpread, _floors[index].At(state.CandidateExpected)) != 0;
        if (beyond && ++state.CandidateHits >= _options.ShiftConfirmPoints)
        {
            state.CandidatePoints = 0;
            Fire(index, state, row, state.CandidateStart, value, state.CandidateScore, state.CandidateExpected, state.CandidateSpread, output, bucket);
        }
        else if (state.CandidatePoints >= _options.ShiftWindowPoints)
        {
            state.CandidatePoints = 0; // it came back: not a shift
        }
    }

    private void Fire(int index, AnomalyInstance state, MetricRow row, long startsAt, double value, double score,
        double expected, double spread, List<AlertEvent> output, long? at = null)
    {
        var rule = _options.Rules[index];
        state.ClearPoints = 0;
        state.StartsAt = startsAt;
        state.AlertId = StableHash64.Combine(StableHash64.Combine(StableHash64.Of(rule.Name), row.Dims.StableHash), (ulong)startsAt)
            .ToString("x16", CultureInfo.InvariantCulture);
        output.Add(Build(index, state, row, AlertStatus.Firing, value, score, expected, expected - spread, expected + spread, at ?? startsAt, null));
    }

    /// <summary>Median and robust standard deviation (1.4826 × MAD) of the values already in the detector window.</summary>
    private (double Expected, double Sigma) Band(SrSeriesState state)
    {
        var n = state.Count;
        if (n < Math.Max(8, state.WindowSize / 2))
        {
            return (double.NaN, double.NaN); // warming up: never outside
        }

        var values = _history.AsSpan(0, n);
        state.CopyTo(values);
        values.Sort();
        var median = Median(values);
        for (var i = 0; i < n; i++)
        {
            values[i] = MathF.Abs(values[i] - (float)median);
        }

        values.Sort();
        return (median, Math.Max(1.4826 * Median(values), (Math.Abs(median) * 0.01) + 1e-9));
    }

    /// <summary>"+90.7 pts (floor 5)": the departure with its unit, and the floor when the rule has one.</summary>
    private static string Change(double expected, double departure, AnomalyFloor floor)
    {
        var unit = floor.Unit.Length == 0 ? string.Empty : " " + floor.Unit;
        return floor.IsSet
            ? string.Create(CultureInfo.InvariantCulture, $"{departure:+0.###;-0.###}{unit} (floor {floor.At(expected):0.###})")
            : string.Create(CultureInfo.InvariantCulture, $"{departure:+0.###;-0.###}{unit}");
    }

    private static double Median(ReadOnlySpan<float> sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2.0;

    private void Expire(long bucket)
    {
        foreach (var (key, state) in _states)
        {
            if (!state.Firing && bucket - state.LastBucketStart > StateRetention.TotalMilliseconds)
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            _states.Remove(key);
        }

        _expired.Clear();
    }

    private AlertEvent Build(int index, AnomalyInstance state, MetricRow row, AlertStatus status, double value,
        double score, double expected, double lower, double upper, long bucket, long? endsAt)
    {
        var rule = _options.Rules[index];
        var floor = _floors[index];
        var where = AlertFactory.Where(row);
        var stat = rule.Statistic.ToString().ToLowerInvariant();
        var detector = rule.Detector == AnomalyDetectorKind.SrCnn ? "SR-CNN" : "SR";
        var summary = status == AlertStatus.Firing
            ? string.Create(CultureInfo.InvariantCulture, $"{rule.Name}: {stat} {value:0.###} is {(value > expected ? "above" : "below")} the expected {expected:0.###} by {Change(expected, value - expected, floor)} (band {lower:0.###}..{upper:0.###}, {detector} score {score:0.###}) for {where}")
            : string.Create(CultureInfo.InvariantCulture, $"{rule.Name} resolved: {stat} back within the expected band{(floor.IsSet ? " or under the " + floor.Describe(expected) + " floor" : string.Empty)} for {rule.ResolveAfterPoints} points for {where}");
        return AlertFactory.Create(row, state.AlertId!, rule.Name, rule.Metric, rule.Statistic, Severity.Warning, status,
            (bucket + (long)_resolutionMs, state.StartsAt, endsAt), value, value > expected ? upper : lower, summary) with
        {
            Score = score,
            ExpectedValue = expected,
            LowerBound = lower,
            UpperBound = upper,
        };
    }
}
