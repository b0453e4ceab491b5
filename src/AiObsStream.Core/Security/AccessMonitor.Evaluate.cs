using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Security;

/// <content>Judging a closed window: the four rules, their alert lifecycle, and the baselines.</content>
public sealed partial class AccessMonitor
{
    private static readonly string[] RuleNames =
        [SecurityRules.SecretAccessRate, SecurityRules.NewIdentity, SecurityRules.OffHoursAccess, SecurityRules.KeyOperation];

    private static readonly string[] Metrics = ["identity_secret_reads", "identity_first_seen", "identity_off_hours_accesses", "key_operations"];

    private void Close(ResourceAccess r, List<AlertEvent> output)
    {
        var o = _options;
        var window = (Start: r.WindowStart, End: r.WindowStart + o.WindowMs);
        for (var i = 0; i < r.Identities.Count; i++)
        {
            var s = r.Slots[i];
            var identity = r.Identities.KeyAt(i)!;
            var trusted = s.Windows >= o.MinBaselineWindows;
            var mean = s.ReadBase.Mean;

            // Rate: reads far above the identity's own baseline, in ratio and in deviations; a floor of sqrt(mean) on
            // the deviation keeps an identity with a very steady baseline from alerting on noise.
            var jump = trusted && s.Reads >= o.MinAccesses && s.Reads >= o.RateFactor * Math.Max(mean, 1)
                && s.Reads >= mean + (o.RateZ * Math.Max(s.ReadBase.StdDev, Math.Sqrt(Math.Max(mean, 1))));
            var keyOps = s.KeyLists + s.KeyRegenerations;

            Transition(r, s, identity, Rate, jump, window, s.Reads, o.RateFactor * Math.Max(mean, 1), output);
            Transition(r, s, identity, New, s.New, window, 1, 0, output);
            Transition(r, s, identity, OffHours, s.OffHours > 0, window, s.OffHours, 0, output);
            Transition(r, s, identity, Keys, keyOps > 0, window, keyOps, 0, output);

            // A breaching window stays out of the baseline it breached, so a surge that lasts keeps alerting.
            if (s.Reads > 0)
            {
                s.Windows++;
                if (!jump)
                {
                    s.ReadBase.Add(s.Reads, o.BaselineAlpha);
                }
            }

            s.ClearWindow();
        }

        r.Identities.Decay(o.SlotDecay);
    }

    private static void Transition(ResourceAccess r, AccessSlot s, string identity, int rule, bool breach,
        (long Start, long End) window, double value, double threshold, List<AlertEvent> output)
    {
        var state = s.Alerts[rule];
        if (breach && !state.Firing)
        {
            state.Firing = true;
            state.StartsAt = window.Start;
            state.AlertId = StableHash64.Combine(
                StableHash64.Combine(StableHash64.Of(RuleNames[rule]), StableHash64.Of(r.Resource)),
                StableHash64.Combine(StableHash64.Of(identity), (ulong)window.Start)).ToString("x16", CultureInfo.InvariantCulture);
            output.Add(Build(r, s, identity, rule, AlertStatus.Firing, window.End, null, value, threshold));
        }
        else if (!breach && state.Firing)
        {
            output.Add(Build(r, s, identity, rule, AlertStatus.Resolved, window.End, window.Start, value, threshold));
            state.Firing = false;
        }
    }

    private static void ResolveAll(ResourceAccess r, AccessSlot s, string identity, long at, List<AlertEvent> output)
    {
        for (var rule = 0; rule < s.Alerts.Length; rule++)
        {
            if (s.Alerts[rule].Firing)
            {
                // The identity lost its slot: nothing more can be said about it, so its alerts end here.
                output.Add(Build(r, s, identity, rule, AlertStatus.Resolved, at, at, double.NaN, double.NaN));
                s.Alerts[rule].Firing = false;
            }
        }
    }

    private static AlertEvent Build(ResourceAccess r, AccessSlot s, string identity, int rule, AlertStatus status,
        long generated, long? endsAt, double value, double threshold)
    {
        var state = s.Alerts[rule];
        var where = r.Source == "KeyVault" ? "a key vault" : "an Azure OpenAI account";

        // Never the identity or the resource in the summary: summaries reach consoles and chat channels.
        var summary = rule switch
        {
            Rate => $"an identity's secret and key reads per window jumped to {Num(value)} (threshold {Num(threshold)}) on {where}",
            New => $"an identity never seen before accessed {where}",
            OffHours => $"an identity accessed {where} {Num(value)} times in hours it is not usually active in",
            _ => s.KeyRegenerations > 0
                ? $"account keys were regenerated ({Num(value)} key operations) on {where}"
                : $"account keys were listed ({Num(value)} key operations){(s.New ? " by an identity never seen before" : string.Empty)} on {where}",
        };
        if (status == AlertStatus.Resolved)
        {
            summary = "resolved: " + summary;
        }

        return new AlertEvent
        {
            AlertId = state.AlertId,
            Rule = RuleNames[rule],
            Severity = rule == Rate ? Severity.Critical : Severity.Warning,
            Status = status,
            TimeGeneratedMs = generated,
            StartsAtMs = state.StartsAt,
            EndsAtMs = endsAt,
            Value = value,
            Threshold = threshold,
            Metric = Metrics[rule],
            Statistic = Statistic.Count,
            Source = r.Source,
            Deployment = r.Deployment,
            ModelName = string.Empty,
            ModelVersion = string.Empty,
            Operation = s.Operation,
            Host = string.Empty,
            Gpu = string.Empty,
            OtherDims = SecurityRules.IdentityDim + "=" + identity + ";" + SecurityRules.ResourceDim + "=" + r.Resource,
            Summary = summary,
        };
    }

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.##", CultureInfo.InvariantCulture);
}
