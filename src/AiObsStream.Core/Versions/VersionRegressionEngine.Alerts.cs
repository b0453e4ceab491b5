using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Versions;

/// <content>The verdict and the alert lifecycle.</content>
public sealed partial class VersionRegressionEngine
{
    private void Evaluate(string deployment, RegressionState state, ActiveRollout active, long startMs, List<AlertEvent> alerts)
    {
        var results = Compare(state, active, out var baselineWindows);
        if (results.Count == 0)
        {
            return; // not enough comparable data yet: neither fires nor counts towards recovery
        }

        var regressed = results.Where(r => r.Regressed).OrderByDescending(r => r.Effect).ThenBy(r => r.Metric, StringComparer.Ordinal).ToList();
        if (regressed.Count > 0)
        {
            state.CleanEvaluations = 0;
            if (state.Firing is null)
            {
                Fire(deployment, state, active, startMs, regressed, baselineWindows, alerts);
            }

            return;
        }

        if (state.Firing is { } firing && ++state.CleanEvaluations >= _options.RecoveryEvaluations)
        {
            Resolve(deployment, state, firing, startMs, $"recovered: no regressed signal in {state.CleanEvaluations} evaluations", alerts);
            state.LastResolvedMs = startMs;
        }
    }

    private void Fire(string deployment, RegressionState state, ActiveRollout active, long startMs, List<SignalResult> regressed,
        int baselineWindows, List<AlertEvent> alerts)
    {
        var top = regressed[0];
        var signal = _options.Signals.First(s => s.Metric == top.Metric);
        var first = active.StartMs != long.MinValue ? active.StartMs
            : state.History.TryGetValue(active.Candidate, out var served) && served.Count > 0 ? served[0].StartMs : startMs;
        var startsAt = Math.Max(first, state.LastResolvedMs);
        var id = StableHash64.Combine(
            StableHash64.Combine(StableHash64.Of(RegressionOptions.RuleName), StableHash64.Of(deployment)),
            StableHash64.Combine(StableHash64.Combine(StableHash64.Of(active.Candidate), StableHash64.Of(active.Baseline)), (ulong)startsAt))
            .ToString("x16", CultureInfo.InvariantCulture);
        var statistic = signal.Kind switch
        {
            SignalKind.Proportion => Statistic.Share,
            SignalKind.WindowMean => Statistic.Mean,
            _ => Statistic.P50,
        };
        var firing = new FiringRegression(id, startsAt, active.Candidate, active.Baseline, top.Metric, statistic, top.Effect,
            _options.MinEffectOf(signal), top.Confidence);
        state.Firing = firing;
        FiringCount++;
        var head = active.RolledBack
            ? string.Create(CultureInfo.InvariantCulture,
                $"{deployment} {state.ModelName} version {active.Candidate} regressed against {active.Baseline} (rolled back in the window of {Iso(active.EndMs)}, compared with {active.Baseline} after the rollback; {regressed.Count} signal(s)): ")
            : string.Create(CultureInfo.InvariantCulture,
                $"{deployment} {state.ModelName} version {active.Candidate} regressed against {active.Baseline} (rollout in the window of {Iso(active.StartMs)}; {regressed.Count} signal(s)): ");
        var summary = head
            + string.Join("; ", regressed.Select(r => r.Detail))
            + string.Create(CultureInfo.InvariantCulture, $". Compared at similar load ({baselineWindows} baseline windows), throttled windows left out of per-request signals.");
        alerts.Add(Event(deployment, state, firing, AlertStatus.Firing, startMs + _windowMs, null, summary));
    }

    private void Resolve(string deployment, RegressionState state, FiringRegression firing, long startMs, string why, List<AlertEvent> alerts)
    {
        state.Firing = null;
        state.CleanEvaluations = 0;
        FiringCount--;
        var summary = $"{deployment} {state.ModelName} version {firing.Candidate} against {firing.Baseline}: {why}";
        alerts.Add(Event(deployment, state, firing, AlertStatus.Resolved, startMs + _windowMs, startMs, summary));
    }

    private AlertEvent Event(string deployment, RegressionState state, FiringRegression f, AlertStatus status, long generated,
        long? endsAt, string summary) => new()
        {
            AlertId = f.AlertId,
            Rule = RegressionOptions.RuleName,
            Severity = _options.Severity,
            Status = status,
            TimeGeneratedMs = generated,
            StartsAtMs = f.StartsAtMs,
            EndsAtMs = endsAt,
            Value = f.Value,
            Threshold = f.Threshold,
            Metric = f.Metric,
            Statistic = f.Statistic,
            Source = string.Empty,
            Deployment = deployment,
            ModelName = state.ModelName,
            ModelVersion = f.Candidate,
            Operation = string.Empty,
            Host = string.Empty,
            Gpu = string.Empty,
            Score = f.Confidence,
            Summary = summary,
        };

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
