using System.Text;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Notifications;

/// <content>Grouping, group ticks, silences and inhibition.</content>
public sealed partial class AlertNotifier
{
    private void AddToGroup(TrackedAlert tracked)
    {
        var key = GroupKeyOf(tracked.Latest);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new AlertGroup(key, NowMs + (long)_options.GroupWait.TotalMilliseconds);
            _groups.Set(key, group);
        }

        group.Members.Set(tracked.Key, tracked);
        tracked.Group = group;
    }

    /// <summary>
    /// One group tick. Sends when a visible alert has an (incident, status, severity) the group has not sent yet, or
    /// when nothing changed, something fires and repeat_interval has passed. Silenced alerts and inhibited firing
    /// alerts are not visible; a resolve whose incident was never sent firing is dropped. Resolved members leave.
    /// </summary>
    private void Flush(AlertGroup group, List<Notification> output)
    {
        var visible = _visibleScratch;
        visible.Clear();
        var changed = false;
        var anyFiring = false;
        for (var i = 0; i < group.Members.Count; i++)
        {
            var tracked = group.Members[i];
            if (!tracked.EffectiveFiring && !tracked.NotifiedFiring)
            {
                continue;
            }

            if (IsSilenced(tracked.Latest))
            {
                Silenced++;
                continue;
            }

            if (tracked.EffectiveFiring && IsInhibited(tracked.Latest))
            {
                Inhibited++;
                continue;
            }

            changed |= !group.LastSent.Contains(tracked.Entry);
            anyFiring |= tracked.EffectiveFiring;
            visible.Add(tracked);
        }

        NotificationReason? reason = changed ? (group.Sent ? NotificationReason.Update : NotificationReason.Initial)
            : anyFiring && NowMs - group.LastSentMs >= (long)_options.RepeatInterval.TotalMilliseconds ? NotificationReason.Repeat
            : null;
        if (reason is { } why)
        {
            Send(group, why, anyFiring, output);
        }

        RemoveResolved(group);
        group.NextFlushMs = NowMs + (long)_options.GroupInterval.TotalMilliseconds;
    }

    /// <summary>Emits the visible alerts of <paramref name="group"/> (in <see cref="_visibleScratch"/>) and records them as sent.</summary>
    private void Send(AlertGroup group, NotificationReason reason, bool anyFiring, List<Notification> output)
    {
        var alerts = new NotifiedAlert[_visibleScratch.Count];
        group.LastSent.Clear();
        for (var i = 0; i < alerts.Length; i++)
        {
            var tracked = _visibleScratch[i];
            alerts[i] = Snapshot(tracked);
            group.LastSent.Add(tracked.Entry);
            tracked.NotifiedFiring |= tracked.EffectiveFiring;
        }

        output.Add(new Notification
        {
            GroupKey = group.Key,
            Status = anyFiring ? AlertStatus.Firing : AlertStatus.Resolved,
            Reason = reason,
            TimeMs = NowMs,
            Alerts = alerts,
        });
        group.Sent = true;
        group.LastSentMs = NowMs;
    }

    private void RemoveResolved(AlertGroup group)
    {
        _scratchKeys.Clear();
        for (var i = 0; i < group.Members.Count; i++)
        {
            var tracked = group.Members[i];
            if (!tracked.EffectiveFiring)
            {
                tracked.Group = null;
                _scratchKeys.Add(tracked.Key);
            }
        }

        foreach (var key in _scratchKeys)
        {
            group.Members.Remove(key);
        }

        _scratchKeys.Clear();
    }

    private static NotifiedAlert Snapshot(TrackedAlert tracked) => new()
    {
        IncidentId = tracked.IncidentId,
        Rule = tracked.Latest.Rule,
        Status = tracked.EffectiveFiring ? AlertStatus.Firing : AlertStatus.Resolved,
        Severity = tracked.Severity,
        StartsAtMs = tracked.StartsAtMs,
        EndsAtMs = tracked.EffectiveFiring ? null : tracked.UpstreamEndsAtMs,
        Held = tracked.EffectiveFiring && !tracked.UpstreamFiring,
        SuppressedChanges = tracked.SuppressedChanges,
        Latest = tracked.Latest,
    };

    private bool IsSilenced(AlertEvent alert)
    {
        foreach (var silence in _options.Silences)
        {
            if (silence.Mutes(alert, NowMs))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a source rule fires on a host that is the alert's own host or serves its deployment.</summary>
    private bool IsInhibited(AlertEvent target)
    {
        if (!MatchesAny(_options.InhibitTargetRules, target.Rule))
        {
            return false;
        }

        for (var i = 0; i < _alerts.Count; i++)
        {
            var source = _alerts[i];
            var s = source.Latest;
            if (!source.EffectiveFiring || s.Host.Length == 0 || !MatchesAny(_options.InhibitSourceRules, s.Rule))
            {
                continue;
            }

            if (s.Host == target.Host
                || (target.Deployment.Length > 0 && _hostDeployments.TryGetValue(s.Host, out var served) && served.Contains(target.Deployment)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesAny(IReadOnlyList<string> patterns, string value)
    {
        foreach (var pattern in patterns)
        {
            if (LabelPattern.Matches(pattern, value))
            {
                return true;
            }
        }

        return false;
    }

    private string GroupKeyOf(AlertEvent alert)
    {
        var key = new StringBuilder();
        foreach (var label in _options.GroupBy)
        {
            if (label == GroupLabel.Incident && LabelValue(label, alert).Length == 0)
            {
                continue; // an alert outside any incident (the incident layer off) keeps the key it had before the label
            }

            if (key.Length > 0)
            {
                key.Append(',');
            }

            key.Append(LabelName(label)).Append('=').Append(LabelValue(label, alert));
        }

        return key.ToString();
    }

    private static string LabelName(GroupLabel label) => label switch
    {
        GroupLabel.RuleFamily => "family",
        GroupLabel.ModelName => "model",
        GroupLabel.ModelVersion => "version",
        _ => label.ToString().ToLowerInvariant(),
    };

    private static string LabelValue(GroupLabel label, AlertEvent a) => label switch
    {
        GroupLabel.Deployment => a.Deployment,
        GroupLabel.Host => a.Host,
        GroupLabel.RuleFamily => RuleFamily(a.Rule),
        GroupLabel.Rule => a.Rule,
        GroupLabel.ModelName => a.ModelName,
        GroupLabel.ModelVersion => a.ModelVersion,
        GroupLabel.Source => a.Source,
        GroupLabel.Operation => a.Operation,
        GroupLabel.Incident => Incidents.IncidentAlert.IsIncident(a) ? a.AlertId : a.IncidentId,
        _ => a.Gpu,
    };

    /// <summary>The rule name up to its first '-' or ':' (the whole name when it has neither).</summary>
    internal static string RuleFamily(string rule)
    {
        var cut = rule.AsSpan().IndexOfAny('-', ':');
        return cut < 0 ? rule : rule[..cut];
    }
}
