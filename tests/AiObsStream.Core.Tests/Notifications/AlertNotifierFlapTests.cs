using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;
using static AiObsStream.Core.Tests.Notifications.NotifierAlerts;

namespace AiObsStream.Core.Tests.Notifications;

/// <summary>Issue 5 acceptance: the real RuleEngine driven by a metric that crosses its threshold every other window.</summary>
public class AlertNotifierFlapTests
{
    private static readonly DimsPool Pool = new();
    private static readonly SeriesDims Chat = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", "", "", ""));

    /// <summary>60 one-minute windows of latency p95 alternating 3200 ms / 700 ms (threshold 1000 ms), from T0.</summary>
    private static List<AlertEvent> AlternatingHour()
    {
        var engine = new RuleEngine(DefaultRules.Set, new WindowSpec(TimeSpan.FromMinutes(1)));
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < 60; w++)
        {
            var start = T0 + w * Minute;
            var p95 = w % 2 == 0 ? 3200.0 : 700.0;
            engine.EvaluateWindow(start, [Row(start, p95)], alerts);
        }

        return alerts;
    }

    private static MetricRow Row(long start, double p95) => new()
    {
        WindowStartMs = start,
        WindowEndMs = start + Minute,
        Metric = MetricNames.LatencyMs,
        Dims = Chat,
        ModelVersion = Chat.ModelVersion,
        Count = 120,
        Sum = p95 * 60,
        Min = 200,
        Max = p95 * 1.1,
        Mean = p95 / 2,
        P50 = p95 / 2,
        P90 = p95 * 0.9,
        P95 = p95,
        P99 = p95 * 1.05,
    };

    private static List<Notification> Notify(NotifierOptions options, long untilMs, out AlertNotifier notifier)
    {
        notifier = new AlertNotifier(options);
        return Run(notifier, untilMs, [.. AlternatingHour()]);
    }

    [Fact]
    public void RuleEngine_AlternatingWindows_FlapsThirtyTimes()
    {
        var alerts = AlternatingHour();
        Assert.Equal(60, alerts.Count); // the raw stream the notifier has to tame
        Assert.Equal(30, alerts.Count(a => a.Status == AlertStatus.Firing));
    }

    [Fact]
    public void Defaults_AlternatingHour_AtMostTwoNotifications()
    {
        var sent = Notify(new NotifierOptions(), T0 + 60 * Minute, out _);
        Assert.InRange(sent.Count, 1, 2);
        var all = Notify(new NotifierOptions(), T0 + 120 * Minute, out _);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], all.Select(n => n.Status));
        Assert.Equal(all[0].Alerts[0].IncidentId, all[1].Alerts[0].IncidentId); // one incident for the whole hour
    }

    [Fact]
    public void FlapDampingOnly_AlternatingHour_AtMostTwoNotificationsAndCountsSuppressed()
    {
        var options = new NotifierOptions { KeepFiringFor = TimeSpan.Zero };
        var sent = Notify(options, T0 + 60 * Minute, out var notifier);
        Assert.InRange(sent.Count, 1, 2);
        // Four changes (T0+1m..T0+4m) fill the bound; the 28 later fire/resolve pairs (T0+5m..T0+60m) are suppressed.
        Assert.Equal(56, notifier.FlapSuppressed);
        Assert.Equal(AlertStatus.Resolved, sent[^1].Status);
        Assert.Equal(2, sent[^1].Alerts[0].SuppressedChanges); // the fire at T0+5m and its return at T0+6m, before the T0+6.5m tick
    }

    [Fact]
    public void NoHoldNoDamping_AlternatingHour_Floods()
    {
        var options = new NotifierOptions { KeepFiringFor = TimeSpan.Zero, FlapMaxChanges = 1000 };
        var sent = Notify(options, T0 + 60 * Minute, out _);
        Assert.True(sent.Count > 2, $"control run sent {sent.Count}"); // proves the two settings above do the work
    }

    [Fact]
    public void FlapDamping_WindowConfigurable_ReleasesBlockedChangeWhenOldChangesAge()
    {
        var options = new NotifierOptions { KeepFiringFor = TimeSpan.Zero, FlapMaxChanges = 2, FlapWindow = TimeSpan.FromMinutes(10) };
        var a = Fire("latency-p95", T0);
        var b = Fire("latency-p95", T0 + 2 * Minute);
        var notifier = new AlertNotifier(options);
        var sent = Run(notifier, T0 + 30 * Minute, a, Resolve(a, T0 + Minute), b);
        // Changes at T0 (fire) and T0+1m (resolve) fill the bound; the re-fire at T0+2m waits until T0+10m.
        Assert.Equal(1, notifier.FlapSuppressed);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved, AlertStatus.Firing], sent.Select(n => n.Status));
        Assert.Equal(T0 + 10 * Minute + 30 * Second, sent[2].TimeMs); // released at T0+10m, new group waits 30 s
        Assert.Equal(1, sent[2].Alerts[0].SuppressedChanges);
    }

    [Fact]
    public void Notifier_SameInput_SameOutput()
    {
        var events = RandomStream(20251122, 400);
        var options = new NotifierOptions { Silences = [new Silence { Id = "s", Rule = "drift:*", EndsAtMs = T0 + 60 * Minute }] };
        var first = Run(new AlertNotifier(options), T0 + 6 * 60 * Minute, events);
        var second = Run(new AlertNotifier(options), T0 + 6 * 60 * Minute, events);
        Assert.True(first.Count > 10);
        Assert.Equal(Render(first), Render(second));
    }

    private static List<string> Render(List<Notification> sent) =>
        sent.Select(n => $"{n.TimeMs} {n.GroupKey} {n.Status} {n.Reason} " +
            string.Join(';', n.Alerts.Select(a => $"{a.IncidentId}/{a.Status}/{a.Severity}/{a.Held}/{a.SuppressedChanges}"))).ToList();
}
