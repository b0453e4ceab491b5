using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using static AiObsStream.Core.Tests.Notifications.NotifierAlerts;

namespace AiObsStream.Core.Tests.Notifications;

public class AlertNotifierTests
{
    [Fact]
    public void OnAlert_TwoAlertsInsideGroupWait_OneNotificationWithBoth()
    {
        var temp = Fire("gpu-temperature", T0, host: "h1");
        var memory = Fire("gpu-memory", T0 + 10 * Second, host: "h1");
        var late = Fire("gpu-saturated", T0 + 40 * Second, host: "h1");
        var sent = Run(new AlertNotifier(), T0 + 10 * Minute, temp, memory, late);

        Assert.Equal(2, sent.Count);
        Assert.Equal((NotificationReason.Initial, T0 + 30 * Second), (sent[0].Reason, sent[0].TimeMs));
        Assert.Equal("deployment=chat-prod,host=h1,family=gpu", sent[0].GroupKey);
        Assert.Equal(["gpu-memory", "gpu-temperature"], sent[0].Alerts.Select(a => a.Rule).Order());
        Assert.Equal((NotificationReason.Update, T0 + 30 * Second + 5 * Minute), (sent[1].Reason, sent[1].TimeMs));
        Assert.Equal(3, sent[1].Alerts.Count); // group_interval tick carries the whole group
    }

    [Fact]
    public void OnAlert_ResolveCarriesAnotherModelVersion_StillEndsTheIncident()
    {
        // GPU rows take the version their deployment serves: a rollout (or a later input) inside one incident changes
        // the version the resolve carries. The rule engine's AlertId names the incident, so the resolve still ends it.
        var firing = Fire("gpu-temperature", T0, host: "h1", version: "2024-08-06");
        var resolved = Resolve(firing, T0 + 2 * Minute) with { ModelVersion = "2024-11-20" };
        var sent = Run(new AlertNotifier(), T0 + 30 * Minute, firing, resolved);

        Assert.Equal(AlertStatus.Resolved, sent[^1].Status);
        Assert.DoesNotContain(sent.Skip(1), n => n.Status == AlertStatus.Firing);
    }

    [Fact]
    public void OnAlert_DifferentFamilies_SeparateGroups()
    {
        var sent = Run(new AlertNotifier(), T0 + Minute,
            Fire("latency-p95", T0), Fire("anomaly:latency_ms", T0), Fire("latency-p95", T0, deployment: "embed-prod"));
        Assert.Equal(3, sent.Count);
        Assert.Equal(3, sent.Select(n => n.GroupKey).Distinct().Count());
        Assert.All(sent, n => Assert.Equal(T0 + 30 * Second, n.TimeMs));
    }

    [Fact]
    public void AdvanceTo_FiringUnchanged_RepeatsOnlyAfterRepeatInterval()
    {
        // Event time runs minute by minute (data keeps arriving): repeats every repeat_interval.
        var notifier = new AlertNotifier();
        var sent = Run(notifier, T0, Fire("latency-p95", T0));
        for (var t = T0 + Minute; t <= T0 + 9 * 60 * Minute; t += Minute)
        {
            notifier.AdvanceTo(t, sent);
        }

        Assert.Equal(
            [(NotificationReason.Initial, T0 + 30 * Second), (NotificationReason.Repeat, T0 + 30 * Second + 240 * Minute),
             (NotificationReason.Repeat, T0 + 30 * Second + 480 * Minute)],
            sent.Select(n => (n.Reason, n.TimeMs)));
    }

    [Fact]
    public void OnAlert_Escalation_SameIncidentSentAgainAsCritical()
    {
        var warn = Fire("gpu-temperature", T0, host: "h1");
        var crit = Fire("gpu-temperature", T0 + 2 * Minute, host: "h1", severity: Severity.Critical, id: warn.AlertId);
        var sent = Run(new AlertNotifier(), T0 + 10 * Minute, warn, crit);
        Assert.Equal(2, sent.Count);
        Assert.Equal(Severity.Critical, sent[1].Alerts[0].Severity);
        Assert.Equal(sent[0].Alerts[0].IncidentId, sent[1].Alerts[0].IncidentId);
    }

    [Fact]
    public void KeepFiringFor_RefireInside_ContinuesIncident_ThenResolvesAfterHold()
    {
        var first = Fire("latency-p95", T0);
        var refire = Fire("latency-p95", T0 + 4 * Minute);
        var sent = Run(new AlertNotifier(), T0 + 60 * Minute,
            first, Resolve(first, T0 + 2 * Minute), refire, Resolve(refire, T0 + 10 * Minute));

        Assert.Equal(2, sent.Count);
        Assert.Equal(AlertStatus.Firing, sent[0].Status);
        var resolved = Assert.Single(sent[1].Alerts);
        Assert.Equal((AlertStatus.Resolved, first.AlertId), (resolved.Status, resolved.IncidentId));
        Assert.Equal(T0 + 9 * Minute, resolved.EndsAtMs); // the condition's end, not the end of the hold
        Assert.True(sent[1].TimeMs >= T0 + 15 * Minute); // held for 5 minutes after the upstream resolve
        Assert.Equal(T0 + 30 * Second + 15 * 60 * Second, sent[1].TimeMs); // first tick after the hold
    }

    [Fact]
    public void KeepFiringFor_RefireAfterResolveSent_StartsNewIncident()
    {
        var options = new NotifierOptions { KeepFiringFor = TimeSpan.Zero };
        var first = Fire("latency-p95", T0);
        var again = Fire("latency-p95", T0 + 20 * Minute);
        var sent = Run(new AlertNotifier(options), T0 + 30 * Minute, first, Resolve(first, T0 + 2 * Minute), again);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved, AlertStatus.Firing], sent.Select(n => n.Status));
        Assert.Equal(T0 + 30 * Second + 5 * Minute, sent[1].TimeMs);
        Assert.Equal(again.AlertId, sent[2].Alerts[0].IncidentId);
        Assert.NotEqual(sent[0].Alerts[0].IncidentId, sent[2].Alerts[0].IncidentId);
    }

    [Fact]
    public void OnAlert_FiresAndResolvesInsideGroupWait_NothingSent()
    {
        var options = new NotifierOptions { KeepFiringFor = TimeSpan.Zero };
        var blip = Fire("latency-p95", T0);
        var notifier = new AlertNotifier(options);
        Assert.Empty(Run(notifier, T0 + 30 * Minute, blip, Resolve(blip, T0 + 10 * Second)));
        Assert.Equal(0, notifier.Groups);
    }

    [Fact]
    public void OnAlert_EventOlderThanNow_AppliedAndCountedLate()
    {
        var notifier = new AlertNotifier();
        var sent = Run(notifier, T0 + 10 * Minute, Fire("latency-p95", T0 + Minute), Fire("ttft-p95", T0));
        Assert.Equal(1, notifier.LateEvents);
        Assert.Equal(2, sent.Count);
        Assert.Equal(T0 + Minute + 30 * Second, sent[1].TimeMs);
    }

    [Fact]
    public void OnAlert_ZeroGroupWait_SendsAtTheEventTime()
    {
        var options = new NotifierOptions { GroupWait = TimeSpan.Zero };
        var output = new List<Notification>();
        new AlertNotifier(options).OnAlert(Fire("ttft-p95", T0), output);
        Assert.Equal(T0, Assert.Single(output).TimeMs);
    }

    [Fact]
    public void AdvanceTo_Earlier_IsNoOp()
    {
        var notifier = new AlertNotifier();
        var output = new List<Notification>();
        notifier.OnAlert(Fire("ttft-p95", T0), output);
        notifier.AdvanceTo(T0 - Minute, output);
        Assert.Equal(T0, notifier.NowMs);
        Assert.Empty(output);
        notifier.AdvanceTo(T0 + 30 * Second, output);
        Assert.Single(output);
    }

    [Fact]
    public void GroupBy_Empty_PutsEveryAlertInOneGroup()
    {
        var options = new NotifierOptions { GroupBy = [] };
        var sent = Run(new AlertNotifier(options), T0 + Minute,
            Fire("latency-p95", T0), Fire("gpu-temperature", T0, deployment: "embed-prod", host: "h3"));
        Assert.Equal(2, Assert.Single(sent).Alerts.Count);
        Assert.Equal(string.Empty, sent[0].GroupKey);
    }

    [Theory]
    [InlineData("latency-p95", "latency")]
    [InlineData("anomaly:ttft_ms", "anomaly")]
    [InlineData("gpu-ecc-dbe", "gpu")]
    [InlineData("drift", "drift")]
    public void RuleFamily_Name_UpToFirstDashOrColon(string rule, string family) =>
        Assert.Equal(family, AlertNotifier.RuleFamily(rule));

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(180)]
    public void AdvanceTo_EventTimeJumpsOverGap_AtMostOneRepeat_SameCountWhateverTheGap(int gapDays)
    {
        // Two inputs months apart: an alert stays firing across the gap. The ticks inside the gap are not stepped
        // through: one repeat at the end of the gap, then repeat_interval runs again from it.
        var notifier = new AlertNotifier();
        var sent = Run(notifier, T0 + Minute, Fire("model-version-regression", T0), Fire("quality-drift", T0, deployment: "embed-prod"));
        var resume = T0 + gapDays * 24 * 60 * Minute;
        notifier.AdvanceTo(resume, sent);
        for (var t = resume + Minute; t <= resume + 5 * 60 * Minute; t += Minute)
        {
            notifier.AdvanceTo(t, sent);
        }

        Assert.Equal(6, sent.Count);
        Assert.Equal(2, sent.Count(n => n.Reason == NotificationReason.Initial));
        var repeats = sent.Where(n => n.Reason == NotificationReason.Repeat).Select(n => n.TimeMs - resume).ToList();
        Assert.Equal(4, repeats.Count);
        Assert.All(repeats.Take(2), d => Assert.InRange(d, -5 * Minute, 0)); // one per group, at the gap's last tick
        Assert.All(repeats.Skip(2), d => Assert.InRange(d, 235 * Minute, 240 * Minute)); // then every repeat_interval
        Assert.All(sent, n => Assert.Equal(AlertStatus.Firing, n.Status)); // no data is not a resolve for these verdicts
    }

    [Fact]
    public void AdvanceTo_GapWithPendingChangeInAnotherGroup_ChangeIsNotDelayed()
    {
        // Group A ticks first and skips its quiet ticks; group B, whose first notification is still pending, is not
        // skipped with it: it is sent at its own group_wait.
        var notifier = new AlertNotifier();
        var sent = Run(notifier, T0 + 10 * Minute, Fire("latency-p95", T0));
        notifier.OnAlert(Fire("latency-p95", T0 + 11 * Minute, deployment: "embed-prod"), sent);
        notifier.AdvanceTo(T0 + 100 * 24 * 60 * Minute, sent);
        var embed = sent.Where(n => n.GroupKey.Contains("embed-prod", StringComparison.Ordinal)).ToList();
        Assert.Equal((NotificationReason.Initial, T0 + 11 * Minute + 30 * Second), (embed[0].Reason, embed[0].TimeMs));
        Assert.Equal(2, embed.Count); // initial, then one repeat for the whole 100 days
        Assert.Equal(2, sent.Count(n => n.GroupKey.Contains("chat-prod", StringComparison.Ordinal))); // initial, one repeat
    }

    [Fact]
    public void AdvanceTo_KeepFiringExpiresInsideGap_ResolveSentAtItsTime()
    {
        // A timer inside the gap (keep-firing-for expiring) bounds the skip: the resolve is sent at its tick.
        var notifier = new AlertNotifier();
        var first = Fire("latency-p95", T0);
        var sent = Run(notifier, T0 + Minute, first, Resolve(first, T0 + 2 * Minute));
        notifier.AdvanceTo(T0 + 200 * 24 * 60 * Minute, sent);
        var resolved = Assert.Single(sent, n => n.Status == AlertStatus.Resolved);
        Assert.True(resolved.TimeMs < T0 + 60 * Minute, $"resolve sent at {resolved.TimeMs - T0} ms");
        Assert.DoesNotContain(sent, n => n.Reason == NotificationReason.Repeat);
    }
}
