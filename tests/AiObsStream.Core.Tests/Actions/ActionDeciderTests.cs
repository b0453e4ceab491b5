using AiObsStream.Core.Actions;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using static AiObsStream.Core.Tests.Actions.ActionTestData;

namespace AiObsStream.Core.Tests.Actions;

public class ActionDeciderTests
{
    [Fact]
    public void Capacity_TriggersScaleOutOnce_RepeatsAndUpdatesAreIdempotent()
    {
        var decider = new ActionDecider([ScaleOut()]);
        var incident = Capacity("inc-1");
        var first = Decide(decider, Note(incident, T0));
        var again = Decide(decider, Note(incident with { Status = IncidentStatus.Updated }, T0 + 5 * Minute, NotificationReason.Update),
            Note(incident, T0 + 60 * Minute, NotificationReason.Repeat));

        var d = Assert.Single(first);
        Assert.Equal((ActionOutcome.DryRun, "inc-1/scale-chat", "chat-prod"), (d.Outcome, d.IdempotencyKey, d.Subject.Scope));
        Assert.Equal(IncidentCause.Capacity, d.Subject.Cause);
        Assert.Contains(d.Subject.Evidence, e => e.Name == "load_ratio");
        Assert.Empty(again);
    }

    [Fact]
    public void DryRunFalse_DecidesToSend()
    {
        var decider = new ActionDecider([ScaleOut() with { DryRun = false }]);
        Assert.Equal(ActionOutcome.Sent, Assert.Single(Decide(decider, Note(Capacity("inc-1"), T0))).Outcome);
    }

    [Fact]
    public void OtherCause_LowerSeverity_OtherDeployment_Resolved_DoNotTrigger()
    {
        var decider = new ActionDecider(
        [
            Rollback(),
            ScaleOut() with { Name = "crit-only", Severity = Severity.Critical, Cause = null, Rule = "incident:*", Deployment = "embed-*" },
        ]);
        Assert.Empty(Decide(decider, Note(Capacity("inc-1"), T0))); // capacity ≠ version-regression; chat-prod ≠ embed-*
        Assert.Empty(Decide(decider, Note(Regression("inc-2", "2024-08-06") with { Status = IncidentStatus.Resolved }, T0)));
        var warning = Capacity("inc-3", "embed-prod") with { Severity = Severity.Warning };
        Assert.Empty(Decide(decider, Note(warning, T0)));
        Assert.Equal("crit-only", Assert.Single(Decide(decider, Note(Capacity("inc-4", "embed-prod"), T0))).Action.Name);
    }

    [Fact]
    public void RuleMatcher_MatchesSignalRulesOfIncident()
    {
        var decider = new ActionDecider([ScaleOut() with { Cause = null, Rule = "throttle-*" }]);
        Assert.Single(Decide(decider, Note(Capacity("inc-1"), T0)));
    }

    [Fact]
    public void Rollback_NamesTheVersionServedBefore()
    {
        var decider = new ActionDecider([Rollback()]);
        decider.ObserveRows([Row("chat-prod", "2024-05-13", T0 - 60 * Minute), Row("other", "x", T0)]);
        decider.ObserveRows([Row("chat-prod", "2024-08-06", T0 - 10 * Minute), Row("chat-prod", "2024-05-13", T0 - 5 * Minute)]);
        var d = Assert.Single(Decide(decider, Note(Regression("inc-1", "2024-08-06"), T0)));
        Assert.Equal(("2024-08-06", "2024-05-13"), (d.Subject.ModelVersion, d.PreviousVersion));
    }

    [Fact]
    public void Rollback_NewVersionRowsNotWrittenYet_PreviousIsTheNewestSeen()
    {
        // rows reach the sinks when their window closes; the regressed version's rows may come after its notification
        var decider = new ActionDecider([Rollback()]);
        decider.ObserveRows([Row("chat-prod", "2024-05-13", T0 - 60 * Minute), Row("chat-prod", "2024-07-01", T0 - 30 * Minute)]);
        Assert.Equal("2024-07-01", Assert.Single(Decide(decider, Note(Regression("inc-1", "2024-08-06"), T0))).PreviousVersion);
    }

    [Fact]
    public void Rollback_VersionsFromAlertsAndIncidentSignals_BeforeAnyRow()
    {
        var decider = new ActionDecider([Rollback()]);
        var old = Notifications.NotifierAlerts.Fire("latency-p95", T0 - 30 * Minute, version: "2024-05-13");
        decider.ObserveAlerts([old, old with { Deployment = "", ModelVersion = "x" }]);
        var regression = Regression("inc-1", "2024-08-06");
        decider.ObserveIncidents([regression]);
        Assert.Equal("2024-05-13", Assert.Single(Decide(decider, Note(regression, T0))).PreviousVersion);
    }

    [Fact]
    public void Rollback_OnlyVersionEverSeen_PreviousVersionNull()
    {
        var decider = new ActionDecider([Rollback()]);
        decider.ObserveRows([Row("chat-prod", "2024-08-06", T0 - 60 * Minute)]);
        Assert.Null(Assert.Single(Decide(decider, Note(Regression("inc-1", "2024-08-06"), T0))).PreviousVersion);
    }

    [Fact]
    public void Rollback_UnknownHistory_PreviousVersionNull()
    {
        var decider = new ActionDecider([Rollback()]);
        Assert.Null(Assert.Single(Decide(decider, Note(Regression("inc-1", "2024-08-06"), T0))).PreviousVersion);
    }

    [Fact]
    public void CauseRefinedLater_FiringTriggers_OpenDoesNot()
    {
        var firing = new ActionDecider([Rollback()]);
        var open = new ActionDecider([Rollback(ActionTrigger.Open)]);
        var unexplained = Regression("inc-1", "2024-08-06", IncidentCause.Unexplained);
        var refined = Regression("inc-1", "2024-08-06") with { Status = IncidentStatus.Updated };
        foreach (var decider in new[] { firing, open })
        {
            Assert.Empty(Decide(decider, Note(unexplained, T0)));
        }

        Assert.Single(Decide(firing, Note(refined, T0 + 5 * Minute, NotificationReason.Update)));
        Assert.Empty(Decide(open, Note(refined, T0 + 5 * Minute, NotificationReason.Update)));
        Assert.Single(Decide(open, Note(Regression("inc-2", "2024-08-06"), T0 + 6 * Minute)));
    }

    [Fact]
    public void RateLimit_SuppressesOnceThenAllowsAfterTheHour()
    {
        var decider = new ActionDecider([ScaleOut(perHour: 2)]);
        var made = Decide(decider, Note(Capacity("a", "d1"), T0), Note(Capacity("b", "d2"), T0 + Minute), Note(Capacity("c", "d3"), T0 + 2 * Minute));
        Assert.Equal([ActionOutcome.DryRun, ActionOutcome.DryRun, ActionOutcome.Suppressed], made.Select(d => d.Outcome));
        Assert.StartsWith("rate limit: 2 decisions of scale-chat", made[2].Reason, StringComparison.Ordinal);

        Assert.Empty(Decide(decider, Note(Capacity("c", "d3"), T0 + 30 * Minute, NotificationReason.Repeat))); // recorded once
        var later = Assert.Single(Decide(decider, Note(Capacity("c", "d3"), T0 + 61 * Minute, NotificationReason.Repeat)));
        Assert.Equal(ActionOutcome.DryRun, later.Outcome);
    }

    [Fact]
    public void Cooldown_PerDeployment()
    {
        var decider = new ActionDecider([ScaleOut(cooldown: TimeSpan.FromMinutes(30))]);
        var made = Decide(decider, Note(Capacity("a"), T0), Note(Capacity("b"), T0 + 10 * Minute), Note(Capacity("c", "other"), T0 + 10 * Minute));
        Assert.Equal([ActionOutcome.DryRun, ActionOutcome.Suppressed, ActionOutcome.DryRun], made.Select(d => d.Outcome));
        Assert.StartsWith("cooldown: scale-chat acted on chat-prod at", made[1].Reason, StringComparison.Ordinal);
        Assert.Equal(ActionOutcome.DryRun, Assert.Single(Decide(decider, Note(Capacity("b"), T0 + 31 * Minute, NotificationReason.Repeat))).Outcome);
    }

    [Fact]
    public void SaveRestore_KeepsIdempotencyRateLimitAndVersions()
    {
        var decider = new ActionDecider([ScaleOut(perHour: 1), Rollback()]);
        decider.ObserveRows([Row("chat-prod", "v1", T0 - 60 * Minute), Row("chat-prod", "v2", T0 - Minute)]);
        Decide(decider, Note(Capacity("a"), T0));
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            decider.SaveState(w);
        }

        var restored = new ActionDecider([ScaleOut(perHour: 1), Rollback()]);
        buffer.Position = 0;
        restored.RestoreState(new BinaryReader(buffer));

        Assert.Empty(Decide(restored, Note(Capacity("a"), T0 + 2 * Minute, NotificationReason.Repeat))); // already decided
        Assert.Equal(ActionOutcome.Suppressed, Assert.Single(Decide(restored, Note(Capacity("b", "d2"), T0 + 3 * Minute))).Outcome);
        Assert.Equal("v1", Assert.Single(Decide(restored, Note(Regression("r", "v2"), T0 + 4 * Minute))).PreviousVersion);
    }

    [Fact]
    public void RestoreState_WrongSection_Throws()
    {
        var decider = new ActionDecider([ScaleOut()]);
        using var r = new BinaryReader(new MemoryStream("RULE\u0001"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => decider.RestoreState(r));
    }

    [Fact]
    public void MarkDone_KeyReadBackFromTheLog_NeverDecidedAgain()
    {
        var decider = new ActionDecider([ScaleOut()]);
        decider.MarkDone("a/scale-chat");
        Assert.Empty(Decide(decider, Note(Capacity("a"), T0)));
        Assert.True(decider.IsDone("a/scale-chat"));
    }

    [Fact]
    public void IncidentNotAttached_UsesObservedIncident_ThenPseudoAlert()
    {
        var decider = new ActionDecider([ScaleOut()]);
        var incident = Capacity("a");
        decider.ObserveIncidents([incident]);
        var detached = Note(incident, T0) with { Incident = null };
        Assert.Contains(Assert.Single(Decide(decider, detached)).Subject.Evidence, e => e.Name == "load_ratio");

        var fresh = new ActionDecider([ScaleOut()]); // e.g. after a restart: only the pseudo-alert is known
        var d = Assert.Single(Decide(fresh, Note(Capacity("b"), T0) with { Incident = null }));
        Assert.Equal((IncidentCause.Capacity, "chat-prod"), (d.Subject.Cause!.Value, d.Subject.Scope));
    }
}
