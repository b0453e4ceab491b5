using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Rules;

/// <content>No-data resolution, state retention and alert event construction.</content>
public sealed partial class RuleEngine
{
    /// <summary>
    /// Resolves firing instances that went silent for their rule's no-data period and drops idle instances after the
    /// retention period. The map is only scanned here; resolves are emitted in <see cref="SeriesDimsOrder.CompareRuleKeys"/>
    /// order, so the output never depends on the map's enumeration order (a restored engine agrees by construction).
    /// </summary>
    /// <summary>
    /// Resolves instances whose series went silent, as of the watermark rather than the next window with rows: call it
    /// after the rows of every window that closed at <paramref name="watermarkMs"/> were evaluated. A finite watermark
    /// only: the end of a replay is no evidence that a series went silent.
    /// </summary>
    public void AdvanceWatermark(long watermarkMs, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (watermarkMs is long.MinValue or long.MaxValue || _states.Count == 0)
        {
            return;
        }

        // The newest window that has closed (its end at or before the watermark), hop-aligned like every window start.
        var lastClosedStart = Math.DivRem(watermarkMs - _spec.SizeMs, _spec.HopMs, out var rem) * _spec.HopMs;
        if (rem < 0)
        {
            lastClosedStart -= _spec.HopMs;
        }

        SweepMissing(lastClosedStart, output);
    }

    private void SweepMissing(long windowStart, List<AlertEvent> output)
    {
        foreach (var entry in _states)
        {
            var state = entry.Value;
            if (state.LastWindowStart >= windowStart)
            {
                continue;
            }

            var rule = _rules.Rules[entry.Key.Rule];
            var silentMs = windowStart - state.LastWindowStart;
            var resolve = state.Firing != Severity.None && silentMs >= rule.NoDataResolveAfter.TotalMilliseconds && state.LastRow is not null;
            if (resolve)
            {
                _noData.Add(entry);
            }

            if ((resolve || state.Firing == Severity.None) && silentMs >= StateRetention.TotalMilliseconds)
            {
                _expired.Add(entry.Key);
            }
        }

        if (_noData.Count > 1)
        {
            _noData.Sort(static (a, b) => SeriesDimsOrder.CompareRuleKeys(a.Key, b.Key));
        }

        foreach (var (key, state) in _noData)
        {
            var rule = _rules.Rules[key.Rule];
            output.Add(NoDataResolve(rule, state, windowStart));
            Reset(state);
        }

        foreach (var key in _expired)
        {
            _states.Remove(key);
        }

        _noData.Clear();
        _expired.Clear();
    }

    /// <summary>
    /// The no-data resolve of a firing instance, dated at the first window that made the silence long enough, not at
    /// the window that happened to notice it: after a gap in event time (inputs far apart) the resolve keeps its own
    /// time, so the notification layer never repeats a Firing alert across a gap its series had already gone silent in.
    /// </summary>
    private AlertEvent NoDataResolve(RuleDefinition rule, AlertInstance state, long windowStart)
    {
        var hop = _spec.HopMs;
        var firstSilentEnough = state.LastWindowStart + ((long)Math.Ceiling(rule.NoDataResolveAfter.TotalMilliseconds / hop) * hop);
        return Build(rule, state, state.LastRow!, AlertStatus.Resolved, double.NaN, double.NaN,
            Math.Min(windowStart, firstSilentEnough) + _spec.SizeMs, state.LastWindowStart + _spec.SizeMs, noData: true);
    }

    private static AlertEvent Build(RuleDefinition rule, AlertInstance state, MetricRow row, AlertStatus status,
        double value, double threshold, long timeGenerated, long? endsAt, bool noData = false) =>
        AlertFactory.Create(row, state.AlertId!, rule.Name, rule.Metric, rule.Statistic, state.Firing, status,
            (timeGenerated, state.StartsAt, endsAt), value, threshold,
            noData ? Describe(rule, row, "no data", double.NaN, double.NaN, status) : Describe(rule, row, null, value, threshold, status));

    private static string Describe(RuleDefinition rule, MetricRow row, string? note, double value, double threshold, AlertStatus status)
    {
        var where = AlertFactory.Where(row);
        if (note is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{rule.Name} resolved ({note}) for {where}");
        }

        var op = status == AlertStatus.Resolved
            ? (rule.Comparison == Comparison.Above ? "<=" : ">=")
            : (rule.Comparison == Comparison.Above ? ">" : "<");
        var stat = rule.Statistic.ToString().ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture,
            $"{rule.Name}: {rule.Metric} {stat} {value:0.###}{rule.Unit} {op} {threshold:0.###}{rule.Unit} for {where}");
    }

    /// <summary>Exposes the firing state for a series (tests and the console summary).</summary>
    internal Severity FiringSeverity(string rule, SeriesDims dims)
    {
        for (var i = 0; i < _rules.Rules.Count; i++)
        {
            if (_rules.Rules[i].Name == rule && _states.TryGetValue((i, dims), out var s))
            {
                return s.Firing;
            }
        }

        return Severity.None;
    }
}
