using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Core.Tests.Security;

/// <summary>Checkpointing <see cref="CallerConsumptionMonitor"/>: a save and restore anywhere changes nothing.</summary>
public class CallerMonitorStateTests
{
    private const long Window = 60_000;
    private const long T0 = 1_764_000_000_000 - (1_764_000_000_000 % Window);
    private static readonly DimsPool Pool = new();

    // A small top-K so that sporadic callers evict tracked ones (slot reuse must survive a restore too).
    private static readonly CallerMonitorOptions Options = new() { TopK = 6, MinBaselineWindows = 3 };

    private static CallerConsumptionMonitor Make() => new(Options);

    private static TelemetryEvent Request(long t, string deployment, string caller, double tokens, double bytes)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", "2024-08-06", "ChatCompletions_Create", "/R", "", ""));
        var e = TelemetryEvent.NewRequest(t, dims);
        e.Status = 200;
        e.Success = true;
        e.PromptTokens = tokens * 0.8;
        e.CompletionTokens = tokens * 0.2;
        e.Detail = caller;
        e.Value = bytes;
        return e;
    }

    /// <summary>
    /// Two deployments, steady callers, a surging one, a heavy-response one and sporadic ones that churn the slots; a
    /// few requests arrive a window late; the watermark trails the events and closes windows between them.
    /// </summary>
    private static List<Action<CallerConsumptionMonitor, List<AlertEvent>>> Stream(int seed)
    {
        var random = new Random(seed);
        var steps = new List<Action<CallerConsumptionMonitor, List<AlertEvent>>>();
        var surgeFrom = 8 + random.Next(6);
        for (var w = 0; w < 24; w++)
        {
            var events = new List<TelemetryEvent>();
            foreach (var deployment in (string[])["chat-a", "chat-b"])
            {
                void Add(string caller, int requests, double tokens, double bytes)
                {
                    for (var i = 0; i < requests; i++)
                    {
                        var t = T0 + (w * Window) + random.NextInt64(Window);
                        if (w > 0 && random.Next(60) == 0)
                        {
                            t -= Window; // late: its window may be closed already
                        }

                        events.Add(Request(t, deployment, caller, tokens * (0.8 + (0.4 * random.NextDouble())), bytes));
                    }
                }

                Add("steady-1", 15 + random.Next(5), 500, 2000);
                Add("steady-2", 12 + random.Next(4), 400, 1800);
                Add("surger", w >= surgeFrom && w < surgeFrom + 3 ? 150 : 12 + random.Next(3), 500, 2000);
                Add("dumper", 10, 450, w >= surgeFrom + 5 && w < surgeFrom + 7 ? 40_000 : 2100);
                Add("sporadic-" + random.Next(5), random.Next(8), 300, 1500);
                if (w == surgeFrom + 4)
                {
                    Add("newcomer", 60, 600, 2000);
                }
            }

            foreach (var e in events.OrderBy(e => e.TimeUnixMs))
            {
                var copy = e;
                steps.Add((m, alerts) => m.Observe(in copy, alerts));
            }

            var watermark = T0 + (w * Window) - random.NextInt64(Window);
            steps.Add((m, alerts) => m.AdvanceWatermark(watermark, alerts));
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

        // The stream must exercise what is saved: surges, new callers, large responses, evictions.
        Assert.Contains(alerts, a => a.Rule == SecurityRules.CallerSurge && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.NewCallerShare);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.LargeResponses);
    }

    [Fact]
    public void RestoredMonitor_KeepsCountersAndSlots()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(4).Take(400));

        var restored = MonitorRoundTrip.Restore(Make, MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w)), (x, r) => x.RestoreState(r));

        Assert.Equal(m.Late, restored.Late);
        Assert.Equal(m.Deployments, restored.Deployments);
        Assert.Equal(m.TopCallers("chat-a"), restored.TopCallers("chat-a"));
        Assert.Equal(m.TopCallers("chat-b"), restored.TopCallers("chat-b"));
    }

    [Fact]
    public void CorruptTruncatedOrNewerState_IsRejectedNamingTheMonitor()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(5).Take(300));

        var state = MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w));

        MonitorRoundTrip.AssertCorruptionRejected(Make, state, (x, r) => x.RestoreState(r), "caller monitor state ('CALR' v1)", "CALR");
    }

    [Fact]
    public void StateOfAnotherTopK_IsRejectedWithTheReason()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(6).Take(300));

        var state = MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w));

        MonitorRoundTrip.AssertRejected(() => new CallerConsumptionMonitor(Options with { TopK = 8 }), state, (x, r) => x.RestoreState(r),
            "the saved top-K summary has 6 slots; this configuration has 8");
    }

    [Fact]
    public void RestoreIntoAUsedMonitor_IsRejected()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(7).Take(300));

        var state = MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w));

        MonitorRoundTrip.AssertRejected(() => m, state, (x, r) => x.RestoreState(r), "restored only when fresh");
    }
}
