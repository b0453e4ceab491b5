using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Rules;

/// <summary>
/// Evaluates threshold rules on windowed rows in event-time order and turns them into alert events
/// (Pending is silent → Firing → Resolved), one alert instance per rule × series.
/// </summary>
/// <remarks>
/// Single-threaded. Call <see cref="EvaluateWindow"/> once per window, in ascending window order, with every on-time
/// row of that window; the output is deterministic for a given input order. State: one small object per rule × series
/// seen in the last hour.
/// </remarks>
public sealed partial class RuleEngine
{
    private static readonly TimeSpan StateRetention = TimeSpan.FromHours(1);
    private readonly RuleSet _rules;
    private readonly WindowSpec _spec;
    private readonly Dictionary<string, List<int>> _rulesByMetric = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Rule, SeriesDims Dims), AlertInstance> _states = [];
    private readonly List<(int Rule, SeriesDims Dims)> _expired = [];
    private readonly List<KeyValuePair<(int Rule, SeriesDims Dims), AlertInstance>> _noData = [];

    /// <summary>Creates an engine for a validated rule set.</summary>
    public RuleEngine(RuleSet rules, WindowSpec window)
    {
        ArgumentNullException.ThrowIfNull(rules);
        rules.Validate();
        _rules = rules;
        _spec = window;
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var rule = rules.Rules[i];
            if (!rule.Enabled)
            {
                continue;
            }

            if (!_rulesByMetric.TryGetValue(rule.Metric, out var list))
            {
                _rulesByMetric[rule.Metric] = list = [];
            }

            list.Add(i);
        }
    }

    /// <summary>Number of alerts currently firing.</summary>
    public int FiringCount { get; private set; }

    /// <summary>Evaluates the on-time rows of one window and appends alert events (deterministic order).</summary>
    /// <param name="windowStartMs">The window's start.</param>
    /// <param name="rows">All on-time rows of this window, in a deterministic order.</param>
    /// <param name="output">Receives alert events.</param>
    public void EvaluateWindow(long windowStartMs, IReadOnlyList<MetricRow> rows, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var row in rows)
        {
            if (!_rulesByMetric.TryGetValue(row.Metric, out var ruleIndexes))
            {
                continue;
            }

            foreach (var index in ruleIndexes)
            {
                EvaluateRow(index, row, windowStartMs, output);
            }
        }

        SweepMissing(windowStartMs, output);
    }

    private void EvaluateRow(int index, MetricRow row, long windowStart, List<AlertEvent> output)
    {
        var rule = _rules.Rules[index];
        if (rule.Sources is { } sources && !sources.Contains(row.Dims.Source))
        {
            return;
        }

        if (!TryThresholds(rule, row.Dims.Deployment, out var warn, out var crit))
        {
            return;
        }

        var value = rule.Statistic.Of(row);
        if (row.Count < rule.MinCount || double.IsNaN(value))
        {
            return; // too little data to judge: treated as no data for this window
        }

        var key = (index, row.Dims);
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new AlertInstance();
        }

        // Back after a silence of noDataResolveAfter (windows strictly between) that no sweep saw (no window with rows
        // for any series in between: inputs far apart in event time): the old incident ended in the gap, what comes now
        // is judged afresh.
        if (state.Firing != Severity.None && state.LastRow is not null
            && windowStart - state.LastWindowStart - _spec.HopMs >= rule.NoDataResolveAfter.TotalMilliseconds)
        {
            output.Add(NoDataResolve(rule, state, windowStart));
            Reset(state);
        }

        var contiguous = state.LastWindowStart == windowStart - _spec.HopMs;
        state.LastWindowStart = windowStart;
        Judge(rule, state, row, value, windowStart, contiguous, (warn, crit), output);

        // The row is kept only while the alert fires: the no-data resolve and the gap check above read it, and only
        // then. Holding every series' last row (with its sketch copy) kept one row per rule and series alive, promoted
        // through every collection, for as long as the series lived (#12: memory and collection cost per series).
        state.LastRow = state.Firing == Severity.None ? null : row;
    }

    private void Judge(RuleDefinition rule, AlertInstance state, MetricRow row, double value, long windowStart, bool contiguous,
        (double? Warn, double? Crit) thresholds, List<AlertEvent> output)
    {
        var (warn, crit) = thresholds;
        var breachCrit = crit is { } c && Breaches(rule.Comparison, value, c);
        var breachWarn = breachCrit || (warn is { } w && Breaches(rule.Comparison, value, w));
        Advance(ref state.WarnRun, ref state.WarnRunStart, breachWarn, contiguous, windowStart);
        Advance(ref state.CritRun, ref state.CritRunStart, breachCrit, contiguous, windowStart);

        var sustainWindows = Math.Max(1, (int)Math.Ceiling(rule.Sustain.TotalMilliseconds / _spec.SizeMs));
        var target = state.CritRun >= sustainWindows && crit is not null ? Severity.Critical
            : state.WarnRun >= sustainWindows ? (warn is not null ? Severity.Warning : Severity.Critical)
            : Severity.None;
        var threshold = target == Severity.Critical ? crit ?? warn ?? 0 : warn ?? crit ?? 0;

        if (state.Firing == Severity.None)
        {
            if (target != Severity.None)
            {
                state.StartsAt = target == Severity.Critical && crit is not null ? Math.Min(state.CritRunStart, state.WarnRunStart) : state.WarnRunStart;
                state.AlertId = MakeAlertId(rule.Name, row.Dims, state.StartsAt);
                state.Firing = target;
                FiringCount++;
                output.Add(Build(rule, state, row, AlertStatus.Firing, value, threshold, windowStart + _spec.SizeMs, null));
            }

            return;
        }

        if (target > state.Firing)
        {
            state.Firing = target;
            output.Add(Build(rule, state, row, AlertStatus.Firing, value, threshold, windowStart + _spec.SizeMs, null));
            return;
        }

        var resolveAt = rule.ResolveThreshold ?? LowestFiringThreshold(rule.Comparison, warn, crit);
        if (!Breaches(rule.Comparison, value, resolveAt))
        {
            output.Add(Build(rule, state, row, AlertStatus.Resolved, value, resolveAt, windowStart + _spec.SizeMs, windowStart));
            Reset(state);
        }
    }

    private bool TryThresholds(RuleDefinition rule, string deployment, out double? warn, out double? crit)
    {
        warn = rule.Warning;
        crit = rule.Critical;
        if (rule.Overrides is { } overrides && overrides.TryGetValue(deployment, out var o))
        {
            if (o.Enabled == false)
            {
                return false;
            }

            warn = o.Warning ?? warn;
            crit = o.Critical ?? crit;
        }

        if (rule.Scale == ThresholdScale.TpmQuota)
        {
            if (!_rules.TpmQuotas.TryGetValue(deployment, out var quota))
            {
                return false;
            }

            warn *= quota;
            crit *= quota;
        }

        return true;
    }

    private static void Advance(ref int run, ref long runStart, bool breach, bool contiguous, long windowStart)
    {
        if (!breach)
        {
            run = 0;
            return;
        }

        if (run == 0 || !contiguous)
        {
            run = 0;
            runStart = windowStart;
        }

        run++;
    }

    private static bool Breaches(Comparison comparison, double value, double threshold) =>
        comparison == Comparison.Above ? value > threshold : value < threshold;

    private static double LowestFiringThreshold(Comparison comparison, double? warn, double? crit) =>
        warn ?? crit ?? (comparison == Comparison.Above ? double.PositiveInfinity : double.NegativeInfinity);

    private void Reset(AlertInstance state)
    {
        state.Firing = Severity.None;
        state.AlertId = null;
        state.WarnRun = 0;
        state.CritRun = 0;
        FiringCount--;
    }

    private static string MakeAlertId(string rule, SeriesDims dims, long startsAt) =>
        StableHash64.Combine(StableHash64.Combine(StableHash64.Of(rule), dims.StableHash), (ulong)startsAt)
            .ToString("x16", CultureInfo.InvariantCulture);
}
