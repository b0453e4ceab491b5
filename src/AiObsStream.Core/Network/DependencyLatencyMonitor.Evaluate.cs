using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Network;

/// <content>Judging a closed window: the time on the way, the excess jitter, their baselines and alert lifecycle.</content>
public sealed partial class DependencyLatencyMonitor
{
    private const int PathRule = 0;
    private const int JitterRule = 1;

    private void Close(long start, List<AlertEvent> output)
    {
        foreach (var s in _ordered)
        {
            var calls = s.Open.Remove(start, out var w) ? w : null;
            var model = _models.TryGetValue(s.Deployment, out var open) && open.TryGetValue(start, out var m) ? m : null;
            Judge(s, calls, model, start, output);
        }

        foreach (var open in _models.Values)
        {
            open.Remove(start);
        }
    }

    private void Judge(DependencySeries s, LatencyWindow? calls, LatencyWindow? model, long start, List<AlertEvent> output)
    {
        var o = _options;
        var end = start + o.WindowMs;
        if (calls is null || calls.Count < o.MinCalls)
        {
            // Too few calls to say anything: a firing alert ends here, the baselines stay as they were.
            Transition(s, PathRule, false, (start, end), double.NaN, double.NaN, Figures.None, output);
            Transition(s, JitterRule, false, (start, end), double.NaN, double.NaN, Figures.None, output);
            return;
        }

        var modelOk = model is not null && model.Count >= o.MinCalls;
        var f = new Figures(calls.Quantile(0.5), calls.Quantile(0.95), calls.Jitter,
            modelOk ? model!.Quantile(0.5) : double.NaN, modelOk ? model!.Jitter : double.NaN);
        var path = f.P50 - f.ModelP50; // NaN without the model's side: then nothing can be said about the way
        // Excess jitter: beyond the model's own when the model's side is known; a target never paired with a model (a
        // database, a plain HTTP service) is judged on its own jitter; a paired one whose model side is missing this
        // window (an export gap) is not judged, its baseline being of the other kind.
        s.Paired |= !double.IsNaN(f.ModelJitter);
        var excess = !double.IsNaN(f.ModelJitter) ? f.Jitter - f.ModelJitter : s.Paired ? double.NaN : f.Jitter;
        var trusted = s.Windows >= o.MinBaselineWindows;

        // On the way: the time between the caller's and the model's p50 rose well above its baseline, and that rise
        // is most of the rise of the caller's p50 (when the model slowed too, it is the model's slowness).
        var pathThreshold = Threshold(s.PathBase.Mean, o.MinPathMs, o.PathFactor);
        var p50Rise = f.P50 - s.P50Base.Mean;
        var pathBreach = trusted && !double.IsNaN(path) && s.PathBase.Samples >= o.MinBaselineWindows
            && path >= pathThreshold && p50Rise > 0 && path - s.PathBase.Mean >= o.PathShare * p50Rise;

        // Jitter beyond the model's own: the spread the way adds, against its baseline.
        var jitterThreshold = Threshold(s.JitterBase.Mean, o.MinJitterMs, o.JitterFactor);
        var jitterBreach = trusted && !double.IsNaN(excess) && s.JitterBase.Samples >= o.MinBaselineWindows
            && excess >= jitterThreshold;

        Transition(s, PathRule, pathBreach, (start, end), path, pathThreshold, f, output);
        Transition(s, JitterRule, jitterBreach, (start, end), excess, jitterThreshold, f, output);

        // A breaching window stays out of the baseline it breached, so a slowness that lasts keeps alerting.
        s.Windows++;
        if (!pathBreach)
        {
            s.P50Base.Add(f.P50, o.BaselineAlpha);
            if (!double.IsNaN(path))
            {
                s.PathBase.Add(path, o.BaselineAlpha);
            }
        }

        if (!jitterBreach && !double.IsNaN(excess))
        {
            s.JitterBase.Add(excess, o.BaselineAlpha);
        }
    }

    /// <summary>Baseline plus at least <paramref name="floor"/>, and at least <paramref name="factor"/> times a positive baseline.</summary>
    private static double Threshold(double baseline, double floor, double factor) =>
        Math.Max(baseline + floor, baseline > 0 ? factor * baseline : double.MinValue);

    private static void Transition(DependencySeries s, int rule, bool breach, (long Start, long End) window, double value,
        double threshold, Figures f, List<AlertEvent> output)
    {
        var state = s.Alerts[rule];
        if (breach && !state.Firing)
        {
            state.Firing = true;
            state.StartsAt = window.Start;
            state.AlertId = StableHash64.Combine(
                StableHash64.Combine(StableHash64.Of(RuleName(rule)), StableHash64.Of(s.Key)),
                (ulong)window.Start).ToString("x16", CultureInfo.InvariantCulture);
            output.Add(Build(s, rule, AlertStatus.Firing, window.End, null, value, threshold, f));
        }
        else if (!breach && state.Firing)
        {
            output.Add(Build(s, rule, AlertStatus.Resolved, window.End, window.Start, value, threshold, f));
            state.Firing = false;
        }
    }

    private static string RuleName(int rule) => rule == PathRule ? DependencyRules.Path : DependencyRules.Jitter;

    private static AlertEvent Build(DependencySeries s, int rule, AlertStatus status, long generated, long? endsAt,
        double value, double threshold, Figures f)
    {
        var state = s.Alerts[rule];
        var version = s.ModelVersion.Length > 0 ? " " + s.ModelVersion : string.Empty;
        var summary = rule == PathRule
            ? $"{s.Operation} -> {s.Target}: p50 {Num(f.P50)} ms against the model's {Num(f.ModelP50)} ms, {Num(value)} ms on the way (threshold {Num(threshold)}), p95 {Num(f.P95)} ms, on {s.Deployment}{version}: the slowness is on the way to the model, not in it"
            : $"{s.Operation} -> {s.Target}: jitter {Num(f.Jitter)} ms against the model's {Num(f.ModelJitter)} ms, {Num(value)} ms added on the way (threshold {Num(threshold)}), on {s.Deployment}{version}";
        if (status == AlertStatus.Resolved)
        {
            summary = "resolved: " + summary;
        }

        return new AlertEvent
        {
            AlertId = state.AlertId,
            Rule = RuleName(rule),
            Severity = Severity.Warning,
            Status = status,
            TimeGeneratedMs = generated,
            StartsAtMs = state.StartsAt,
            EndsAtMs = endsAt,
            Value = value,
            Threshold = threshold,
            Metric = rule == PathRule ? DependencyRules.PathMs : DependencyRules.JitterMs,
            Statistic = rule == PathRule ? Statistic.P50 : Statistic.Mean,
            Source = nameof(TelemetrySource.AppInsights),
            Deployment = s.Deployment,
            ModelName = s.ModelName,
            ModelVersion = s.ModelVersion,
            Operation = s.Operation,
            Host = string.Empty,
            Gpu = string.Empty,
            OtherDims = DependencyRules.TargetDim + "=" + s.Target,
            Summary = summary,
        };
    }

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The figures of one window: dependency p50, p95 and jitter; the model's p50 and jitter (NaN without).</summary>
    private readonly record struct Figures(double P50, double P95, double Jitter, double ModelP50, double ModelJitter)
    {
        public static Figures None => new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
    }
}
