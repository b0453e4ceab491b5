using AiObsStream.Core.Actions;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using static AiObsStream.Core.Tests.Notifications.NotifierAlerts;

namespace AiObsStream.Core.Tests.Actions;

/// <summary>The decider reads the real notifier's output: silenced and inhibited alerts never trigger an action.</summary>
public class ActionSuppressionTests
{
    private static readonly NotifierOptions NoHold = new() { KeepFiringFor = TimeSpan.Zero };

    private static readonly ActionDefinition OnLatency = new()
    {
        Name = "fallback", Rule = "latency-p95", Url = new Uri("https://ops.example/fallback"), Payload = ActionPayload.FallbackPipeline,
    };

    private static List<ActionDecision> Through(NotifierOptions options, long endMs, params AlertEvent[] alerts)
    {
        var decider = new ActionDecider([OnLatency]);
        var decisions = new List<ActionDecision>();
        decider.Decide(Run(new AlertNotifier(options), endMs, alerts), decisions);
        return decisions;
    }

    [Fact]
    public void PlainAlert_Notified_Triggers()
    {
        var d = Assert.Single(Through(NoHold, T0 + 5 * Minute, Fire("latency-p95", T0)));
        Assert.Equal(("chat-prod", "2024-08-06", null), (d.Subject.Scope, d.Subject.ModelVersion, d.Subject.Cause));
    }

    [Fact]
    public void Silenced_NeverTriggers()
    {
        var options = NoHold with { Silences = [new Silence { Id = "maint", Rule = "latency-*", EndsAtMs = T0 + 60 * Minute }] };
        Assert.Empty(Through(options, T0 + 30 * Minute, Fire("latency-p95", T0)));
    }

    [Fact]
    public void Inhibited_NeverTriggers()
    {
        var options = NoHold with { InhibitSourceRules = ["gpu-xid-critical"], InhibitTargetRules = ["latency-p95"] };
        var xid = Fire("gpu-xid-critical", T0, host: "h1", severity: Severity.Critical); // teaches h1 → chat-prod
        Assert.Empty(Through(options, T0 + 20 * Minute, xid, Fire("latency-p95", T0 + Minute)));
    }
}
