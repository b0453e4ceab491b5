using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Security;

/// <content>Judging a closed window: the three rules, their alert lifecycle, and the baselines.</content>
public sealed partial class CallerConsumptionMonitor
{
    private static readonly string[] RuleNames = [SecurityRules.CallerSurge, SecurityRules.NewCallerShare, SecurityRules.LargeResponses];

    private void Close(DeploymentCallers d, List<AlertEvent> output)
    {
        var o = _options;
        var start = d.WindowStart;
        var end = start + o.WindowMs;
        var deploymentTrusted = d.Windows >= o.MinBaselineWindows;
        var useTokens = d.Tokens > 0;
        var deploymentBytes = d.BytesBase.Samples >= o.MinBaselineWindows ? d.BytesBase.Mean : double.NaN;
        var minSized = Math.Max(3, o.MinRequests / 4); // exfiltration needs few, large answers: a lower floor
        var anyLarge = false;
        var anySurge = false;

        // How much the whole deployment grew: a surge every caller shares (a load burst, a campaign) is capacity, not a
        // caller's anomaly, so a caller must outgrow the deployment by SurgeFactor / 2 as well as its own baseline.
        var deploymentRequestRatio = Ratio(d.Requests, d.RequestBase);
        var deploymentTokenRatio = Ratio(d.Tokens, d.TokenBase);
        for (var i = 0; i < d.Callers.Count; i++)
        {
            var s = d.Slots[i];
            var caller = d.Callers.KeyAt(i)!;
            var active = s.Requests > 0;
            var trusted = s.Windows >= o.MinBaselineWindows;

            // Surge: requests or tokens far above the caller's own baseline, in ratio and in deviations; a floor of
            // sqrt(mean) on the deviation keeps a caller with a very steady baseline from alerting on noise.
            var requestJump = active && trusted && s.Requests >= o.MinRequests && Jumps(s.Requests, s.RequestBase)
                && Ratio(s.Requests, s.RequestBase) >= o.SurgeFactor / 2 * deploymentRequestRatio;
            var tokenJump = active && trusted && s.Requests >= o.MinRequests && useTokens && Jumps(s.Tokens, s.TokenBase)
                && Ratio(s.Tokens, s.TokenBase) >= o.SurgeFactor / 2 * deploymentTokenRatio;
            var surge = requestJump || tokenJump;
            anySurge |= surge;
            var surgeValue = tokenJump ? s.Tokens : s.Requests;
            var surgeBase = tokenJump ? s.TokenBase.Mean : s.RequestBase.Mean;

            // New caller: no baseline yet, in a deployment that has one, taking a large share of the window.
            var share = useTokens ? s.Tokens / d.Tokens : s.Requests / d.Requests;
            var newShare = active && !trusted && deploymentTrusted && s.Requests >= o.MinRequests && share >= o.NewCallerShare;

            // Large responses: mean size per request far above the caller's usual size and the deployment's.
            var meanBytes = s.Sized > 0 ? s.Bytes / s.Sized : double.NaN;
            var large = active && s.Sized >= minSized && s.BytesBase.Samples >= o.MinBaselineWindows && !double.IsNaN(deploymentBytes)
                && meanBytes >= o.ResponseFactor * s.BytesBase.Mean && meanBytes >= o.ResponseFactor * deploymentBytes;
            anyLarge |= large;

            Transition(d, s, caller, Surge, surge, (start, end), surgeValue, o.SurgeFactor * Math.Max(surgeBase, 1),
                tokenJump ? "tokens" : "requests", output);
            Transition(d, s, caller, Share, newShare, (start, end), share, o.NewCallerShare, "share", output);
            Transition(d, s, caller, Large, large, (start, end), meanBytes,
                o.ResponseFactor * Math.Max(s.BytesBase.Mean, double.IsNaN(deploymentBytes) ? 0 : deploymentBytes), "bytes", output);

            // A breaching window stays out of the baseline it breached, so a surge that lasts keeps alerting.
            if (active)
            {
                s.Windows++;
                if (!surge)
                {
                    s.RequestBase.Add(s.Requests, o.BaselineAlpha);
                    s.TokenBase.Add(s.Tokens, o.BaselineAlpha);
                }

                if (!large && s.Sized > 0)
                {
                    s.BytesBase.Add(meanBytes, o.BaselineAlpha);
                }
            }
        }

        if (d.Requests > 0)
        {
            d.Windows++;
            if (!anySurge)
            {
                d.RequestBase.Add(d.Requests, o.BaselineAlpha);
                d.TokenBase.Add(d.Tokens, o.BaselineAlpha);
            }

            if (!anyLarge && d.Sized > 0)
            {
                d.BytesBase.Add(d.Bytes / d.Sized, o.BaselineAlpha);
            }
        }

        d.Callers.Decay(o.SlotDecay);
        d.ClearWindow();
    }

    /// <summary>This window over the baseline mean; 1 without a baseline (no growth known).</summary>
    private static double Ratio(double value, Ewma baseline) =>
        baseline.Samples == 0 ? 1 : value / Math.Max(baseline.Mean, 1);

    private bool Jumps(double value, Ewma baseline) =>
        value >= _options.SurgeFactor * Math.Max(baseline.Mean, 1)
        && value >= baseline.Mean + (_options.SurgeZ * Math.Max(baseline.StdDev, Math.Sqrt(Math.Max(baseline.Mean, 1))));

    private static void Transition(DeploymentCallers d, CallerSlot s, string caller, int rule, bool breach,
        (long Start, long End) window, double value, double threshold, string what, List<AlertEvent> output)
    {
        var state = s.Alerts[rule];
        if (breach && !state.Firing)
        {
            state.Firing = true;
            state.StartsAt = window.Start;
            state.AlertId = StableHash64.Combine(
                StableHash64.Combine(StableHash64.Of(RuleNames[rule]), StableHash64.Of(d.Deployment)),
                StableHash64.Combine(StableHash64.Of(caller), (ulong)window.Start)).ToString("x16", CultureInfo.InvariantCulture);
            output.Add(Build(d, s, caller, rule, AlertStatus.Firing, window.End, null, value, threshold, what));
        }
        else if (!breach && state.Firing)
        {
            output.Add(Build(d, s, caller, rule, AlertStatus.Resolved, window.End, window.Start, value, threshold, what));
            state.Firing = false;
        }
    }

    private static void ResolveAll(DeploymentCallers d, CallerSlot s, string caller, long at, List<AlertEvent> output)
    {
        for (var rule = 0; rule < s.Alerts.Length; rule++)
        {
            if (s.Alerts[rule].Firing)
            {
                // The caller lost its slot: nothing more can be said about it, so its alerts end here.
                output.Add(Build(d, s, caller, rule, AlertStatus.Resolved, at, at, double.NaN, double.NaN, "evicted"));
                s.Alerts[rule].Firing = false;
            }
        }
    }

    private static AlertEvent Build(DeploymentCallers d, CallerSlot s, string caller, int rule, AlertStatus status,
        long generated, long? endsAt, double value, double threshold, string what)
    {
        var state = s.Alerts[rule];
        var version = s.ModelVersion.Length > 0 ? " " + s.ModelVersion : string.Empty;

        // Never the caller in the summary: summaries reach consoles and chat channels; the identifier stays in OtherDims.
        var summary = rule switch
        {
            Surge => $"a caller's {what} per window jumped to {Num(value)} (threshold {Num(threshold)}) on {d.Deployment}{version}",
            Share => $"a new caller took {Num(value * 100)}% of the window's consumption on {d.Deployment}{version}",
            _ => $"a caller's responses average {Num(value)} bytes (threshold {Num(threshold)}) on {d.Deployment}{version}",
        };
        if (status == AlertStatus.Resolved)
        {
            summary = "resolved: " + summary;
        }

        return new AlertEvent
        {
            AlertId = state.AlertId,
            Rule = RuleNames[rule],
            Severity = rule == Large ? Severity.Critical : Severity.Warning,
            Status = status,
            TimeGeneratedMs = generated,
            StartsAtMs = state.StartsAt,
            EndsAtMs = endsAt,
            Value = value,
            Threshold = threshold,
            Metric = rule switch { Surge => SecurityRules.CallerTokens, Share => SecurityRules.CallerShare, _ => SecurityRules.CallerResponseBytes },
            Statistic = rule switch { Surge => Statistic.Sum, Share => Statistic.Share, _ => Statistic.Mean },
            Source = d.Source,
            Deployment = d.Deployment,
            ModelName = s.ModelName,
            ModelVersion = s.ModelVersion,
            Operation = string.Empty,
            Host = string.Empty,
            Gpu = string.Empty,
            OtherDims = SecurityRules.CallerDim + "=" + caller,
            Summary = summary,
        };
    }

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.##", CultureInfo.InvariantCulture);
}
