using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Tests.Security;

namespace AiObsStream.Core.Tests.Network;

/// <summary>Checkpointing <see cref="DependencyLatencyMonitor"/>: a save and restore anywhere changes nothing.</summary>
public class DependencyMonitorStateTests
{
    private const long Window = 60_000;
    private const long T0 = 1_764_000_000_000 - (1_764_000_000_000 % Window);
    private static readonly DimsPool Pool = new();
    private static readonly DependencyMonitorOptions Options = new();

    private static DependencyLatencyMonitor Make() => new(Options);

    private static TelemetryEvent Call(long t, double ms, TelemetrySource source, string deployment, string target)
    {
        var operation = source == TelemetrySource.AppInsights ? "llm-inference" : "ChatCompletions_Create";
        var e = TelemetryEvent.NewRequest(t, Pool.Intern(new DimsKey(source, deployment, "gpt-4o", "2024-08-06", operation, "/R", "", "")));
        e.LatencyMs = ms;
        e.Status = 200;
        e.Success = true;
        e.Detail = source == TelemetrySource.AppInsights ? target : "10.0.0.***";
        return e;
    }

    /// <summary>
    /// Two deployments and a database target: model calls and the callers' view of them, a slowness on the way, then
    /// jitter on the way; events arrive out of order within a few windows (several windows are open at once), a few too
    /// late, and the watermark trails them.
    /// </summary>
    private static List<Action<DependencyLatencyMonitor, List<AlertEvent>>> Stream(int seed)
    {
        var random = new Random(seed);
        var steps = new List<Action<DependencyLatencyMonitor, List<AlertEvent>>>();
        var slowFrom = 10 + random.Next(5);
        var jitterFrom = slowFrom + 8;
        var events = new List<TelemetryEvent>();
        for (var w = 0; w < 32; w++)
        {
            foreach (var deployment in (string[])["chat-a", "chat-b"])
            {
                var target = "HTTP|" + deployment + ".openai.azure.com";
                for (var i = 0; i < 15; i++)
                {
                    var t = T0 + (w * Window) + random.NextInt64(Window);
                    var model = 400 + random.Next(100);
                    var way = 30 + random.Next(20);
                    if (deployment == "chat-a" && w >= slowFrom && w < slowFrom + 3)
                    {
                        way += 900;
                    }

                    if (deployment == "chat-b" && w >= jitterFrom && w < jitterFrom + 3)
                    {
                        way += i % 2 == 0 ? 0 : 1500;
                    }

                    events.Add(Call(t, model, TelemetrySource.AzureOpenAI, deployment, target));
                    events.Add(Call(t + way, model + way, TelemetrySource.AppInsights, deployment, target));
                }
            }

            for (var i = 0; i < 12; i++)
            {
                events.Add(Call(T0 + (w * Window) + random.NextInt64(Window), 20 + random.Next(40), TelemetrySource.AppInsights, "chat-a", "SQL|orders-db"));
            }
        }

        // Out of order by up to two windows; the watermark trails the latest event by one to three windows.
        var latest = long.MinValue;
        foreach (var e in events.OrderBy(e => e.TimeUnixMs + random.NextInt64(2 * Window)))
        {
            var copy = e;
            steps.Add((m, _) => m.Observe(in copy));
            latest = Math.Max(latest, e.TimeUnixMs);
            if (random.Next(40) == 0)
            {
                var watermark = latest - Window - random.NextInt64(2 * Window);
                steps.Add((m, alerts) => m.AdvanceWatermark(watermark, alerts));
            }
        }

        steps.Add((m, alerts) => m.AdvanceWatermark(long.MaxValue, alerts));
        return steps;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SaveRestoreAtAnyStep_GivesTheSameAlertsInTheSameOrder(int seed)
    {
        var steps = Stream(seed);

        var alerts = MonitorRoundTrip.AssertCutsMatch(Make, steps, (m, w) => m.SaveState(w), (m, r) => m.RestoreState(r),
            MonitorRoundTrip.Cuts(steps.Count, seed));

        Assert.Contains(alerts, a => a.Rule == DependencyRules.Path && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == DependencyRules.Jitter && a.Status == AlertStatus.Firing);
    }

    [Fact]
    public void RestoredMonitor_KeepsItsOpenWindowsAndCounters()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(4).Take(700));

        var restored = MonitorRoundTrip.Restore(Make, MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w)), (x, r) => x.RestoreState(r));

        Assert.Equal(m.Targets, restored.Targets);
        Assert.Equal(m.Late, restored.Late);
        Assert.True(m.Late > 0);
    }

    [Fact]
    public void CorruptTruncatedOrNewerState_IsRejectedNamingTheMonitor()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(5).Take(500));

        var state = MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w));

        MonitorRoundTrip.AssertCorruptionRejected(Make, state, (x, r) => x.RestoreState(r), "dependency monitor state ('DEPL' v1)", "DEPL");
        MonitorRoundTrip.AssertRejected(() => new DependencyLatencyMonitor(Options with { MaxTargets = 1 }), state,
            (x, r) => x.RestoreState(r), "dependency series: count 3 out of range");
    }
}
