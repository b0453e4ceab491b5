using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using static AiObsStream.Core.Tests.Notifications.NotifierAlerts;

namespace AiObsStream.Core.Tests.Notifications;

public class AlertNotifierSuppressionTests
{
    private static readonly NotifierOptions NoHold = new() { KeepFiringFor = TimeSpan.Zero };

    // Inhibition is off by default since the incident layer attributes a faulty host's latency alerts to its
    // gpu-hardware incident; these tests configure the lists the defaults had before.
    private static readonly NotifierOptions Inhibiting = NoHold with
    {
        InhibitSourceRules = ["gpu-ecc-dbe", "gpu-xid-critical", "gpu-temperature"],
        InhibitTargetRules = ["latency-p95", "ttft-p95", "anomaly:latency_ms", "anomaly:ttft_ms"],
    };

    [Fact]
    public void Inhibition_Defaults_InhibitNothing()
    {
        var xid = Fire("gpu-xid-critical", T0, host: "h1", severity: Severity.Critical);
        var notifier = new AlertNotifier(NoHold);
        var sent = Run(notifier, T0 + 20 * Minute, xid, Fire("latency-p95", T0 + Minute));
        Assert.Contains(sent, n => n.Alerts.Any(a => a.Rule == "latency-p95"));
        Assert.Equal(0, notifier.Inhibited);
    }

    [Fact]
    public void Inhibition_XidOnServingHost_HoldsLatencyUntilItResolves()
    {
        var xid = Fire("gpu-xid-critical", T0, host: "h1", severity: Severity.Critical); // teaches h1 → chat-prod
        var latency = Fire("latency-p95", T0 + Minute);
        var ttftOther = Fire("anomaly:ttft_ms", T0 + Minute, deployment: "embed-prod");
        var notifier = new AlertNotifier(Inhibiting);
        var sent = Run(notifier, T0 + 20 * Minute, xid, latency, ttftOther, Resolve(xid, T0 + 3 * Minute));

        var latencyNotes = sent.Where(n => n.GroupKey.EndsWith("family=latency", StringComparison.Ordinal)).ToList();
        var note = Assert.Single(latencyNotes);
        Assert.Equal(T0 + Minute + 30 * Second + 5 * Minute, note.TimeMs); // first tick after the XID resolved
        Assert.Equal(NotificationReason.Initial, note.Reason); // the group_wait tick sent nothing: all inhibited
        Assert.Equal(1, notifier.Inhibited);
        Assert.Contains(sent, n => n.GroupKey.StartsWith("deployment=embed-prod", StringComparison.Ordinal) && n.TimeMs == T0 + Minute + 30 * Second);
    }

    [Fact]
    public void Inhibition_HostDeploymentsFromOptions_InhibitsWithoutLearning()
    {
        var options = Inhibiting with
        {
            HostDeployments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["h9"] = ["chat-prod"] },
        };
        var ecc = Fire("gpu-ecc-dbe", T0, deployment: "", host: "h9", severity: Severity.Critical);
        var notifier = new AlertNotifier(options);
        var sent = Run(notifier, T0, ecc, Fire("ttft-p95", T0), Fire("http-429-share", T0));
        for (var t = T0 + Minute; t <= T0 + 30 * Minute; t += Minute)
        {
            notifier.AdvanceTo(t, sent); // event time runs with data (a jump would skip the quiet ticks, see the gap tests)
        }

        Assert.DoesNotContain(sent, n => n.Alerts.Any(a => a.Rule == "ttft-p95"));
        Assert.Contains(sent, n => n.Alerts.Any(a => a.Rule == "http-429-share")); // not a target rule
        Assert.Contains(sent, n => n.Alerts.Any(a => a.Rule == "gpu-ecc-dbe")); // the source itself is sent
        Assert.True(notifier.Inhibited >= 6);
    }

    [Fact]
    public void Inhibition_SourceOnUnrelatedHost_DoesNotInhibit()
    {
        var temp = Fire("gpu-temperature", T0, deployment: "embed-prod", host: "h2");
        var sent = Run(new AlertNotifier(Inhibiting), T0 + Minute, temp, Fire("latency-p95", T0));
        Assert.Contains(sent, n => n.Alerts.Any(a => a.Rule == "latency-p95"));
    }

    [Fact]
    public void Silence_PrefixMatcherActive_MutesUntilExpiry()
    {
        var options = NoHold with
        {
            Silences = [new Silence { Id = "maint", Rule = "anomaly:*", Deployment = "chat-*", EndsAtMs = T0 + 12 * Minute }],
        };
        var notifier = new AlertNotifier(options);
        var sent = Run(notifier, T0 + 30 * Minute, Fire("anomaly:latency_ms", T0), Fire("anomaly:latency_ms", T0, deployment: "embed-prod"));
        Assert.Equal(2, sent.Count);
        Assert.StartsWith("deployment=embed-prod", sent[0].GroupKey, StringComparison.Ordinal);
        Assert.Equal(T0 + 30 * Second, sent[0].TimeMs);
        Assert.StartsWith("deployment=chat-prod", sent[1].GroupKey, StringComparison.Ordinal);
        Assert.Equal(T0 + 30 * Second + 15 * Minute, sent[1].TimeMs); // first tick after the silence expired
        Assert.Equal(2, notifier.Silenced); // ticks at 30 s and 10 min 30 s: the quiet tick between them is skipped
    }

    [Fact]
    public void Silence_Expired_DoesNotMute()
    {
        var options = NoHold with { Silences = [new Silence { Id = "old", Rule = "latency-p95", EndsAtMs = T0 - Minute }] };
        var sent = Run(new AlertNotifier(options), T0 + Minute, Fire("latency-p95", T0));
        Assert.Single(sent);
    }

    [Fact]
    public void Silence_NotYetStarted_DoesNotMute_ThenMutesResolve()
    {
        var options = NoHold with
        {
            Silences = [new Silence { Id = "later", ModelVersion = "2024-08-06", StartsAtMs = T0 + 2 * Minute, EndsAtMs = T0 + 60 * Minute }],
        };
        var alert = Fire("latency-p95", T0);
        var notifier = new AlertNotifier(options);
        var sent = Run(notifier, T0 + 30 * Minute, alert, Resolve(alert, T0 + 3 * Minute));
        var only = Assert.Single(sent); // the resolve falls inside the silence
        Assert.Equal(AlertStatus.Firing, only.Status);
        Assert.Equal(0, notifier.Groups);
    }

    [Fact]
    public void Silence_ModelVersionMismatch_DoesNotMute()
    {
        var options = NoHold with { Silences = [new Silence { Id = "v", ModelVersion = "2024-05-13", EndsAtMs = T0 + 60 * Minute }] };
        Assert.Single(Run(new AlertNotifier(options), T0 + Minute, Fire("latency-p95", T0)));
    }
}
