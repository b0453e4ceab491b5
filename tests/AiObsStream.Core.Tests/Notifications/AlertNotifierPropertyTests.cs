using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using FsCheck;
using FsCheck.Fluent;
using static AiObsStream.Core.Tests.Notifications.NotifierAlerts;

namespace AiObsStream.Core.Tests.Notifications;

public class AlertNotifierPropertyTests
{
    /// <summary>
    /// For random streams and settings: notifications come in time order; a group key never sends twice within
    /// min(group_wait, group_interval); every resolve follows a firing notification of the same incident and is sent
    /// once; held alerts are firing.
    /// </summary>
    [Fact]
    public void Notify_RandomStreamsAndSettings_LifecycleInvariantsHold()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var options = new NotifierOptions
            {
                KeepFiringFor = TimeSpan.FromSeconds(random.Next(0, 600)),
                FlapMaxChanges = random.Next(1, 7),
                FlapWindow = TimeSpan.FromMinutes(random.Next(1, 90)),
                GroupWait = TimeSpan.FromSeconds(random.Next(1, 60)),
                GroupInterval = TimeSpan.FromSeconds(random.Next(30, 600)),
                RepeatInterval = TimeSpan.FromMinutes(random.Next(10, 240)),
            };
            var sent = Run(new AlertNotifier(options), T0 + 12 * 60 * Minute, RandomStream(seed, 300));
            return Check(sent, (long)Math.Min(options.GroupWait.TotalMilliseconds, options.GroupInterval.TotalMilliseconds));
        }).QuickCheckThrowOnFailure();
    }

    private static bool Check(List<Notification> sent, long minGapMs)
    {
        var lastByGroup = new Dictionary<string, long>();
        var firingSent = new HashSet<string>();
        var resolvedSent = new HashSet<string>();
        for (var i = 0; i < sent.Count; i++)
        {
            var n = sent[i];
            if (i > 0 && n.TimeMs < sent[i - 1].TimeMs)
            {
                return false;
            }

            if (lastByGroup.TryGetValue(n.GroupKey, out var last) && n.TimeMs - last < minGapMs)
            {
                return false;
            }

            lastByGroup[n.GroupKey] = n.TimeMs;
            foreach (var a in n.Alerts)
            {
                if (a.Held && a.Status != AlertStatus.Firing)
                {
                    return false;
                }

                if (a.Status == AlertStatus.Firing)
                {
                    firingSent.Add(a.IncidentId);
                }
                else if (!firingSent.Contains(a.IncidentId) || !resolvedSent.Add(a.IncidentId))
                {
                    return false;
                }
            }
        }

        return sent.Count > 0;
    }
}
