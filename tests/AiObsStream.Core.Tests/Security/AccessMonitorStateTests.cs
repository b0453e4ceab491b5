using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Core.Tests.Security;

/// <summary>Checkpointing <see cref="AccessMonitor"/>: a save and restore anywhere changes nothing.</summary>
public class AccessMonitorStateTests
{
    private const long Hour = 3_600_000;
    private const long T0 = 1_764_028_800_000; // 2025-11-25T00:00:00Z, a day boundary
    private const string Vault = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1";
    private const string Account = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI1";
    private static readonly DimsPool Pool = new();

    // Hour windows and a one-day profile, so two days of stream exercise every rule; top-K holds every identity (the caller monitor test churns slots: here an evicted daytime app would lose its profile).
    private static readonly AccessMonitorOptions Options = new()
    {
        Window = TimeSpan.FromHours(1), TopK = 8, WarmUp = TimeSpan.FromHours(2), ProfileMinDays = 1, ProfileMinAccesses = 30,
    };

    private static AccessMonitor Make() => new(Options);

    private static TelemetryEvent Access(long t, string identity, string operation, string resource)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "", "", "", operation, resource, "", ""));
        var e = TelemetryEvent.NewSample(resource == Vault ? EventKind.SecretAccess : EventKind.Audit, t, dims, MetricNames.AuditEvents, 1);
        e.Detail = identity;
        e.Status = 200;
        return e;
    }

    /// <summary>
    /// Two days of a vault (a daytime app, an all-day app, a read surge, sporadic users, one night-time access) and an
    /// account (key listing and regeneration); a few accesses arrive a window late; the watermark trails the events.
    /// </summary>
    private static List<Action<AccessMonitor, List<AlertEvent>>> Stream(int seed)
    {
        var random = new Random(seed);
        var steps = new List<Action<AccessMonitor, List<AlertEvent>>>();
        var surge = 10 + random.Next(8);
        for (var w = 0; w < 48; w++)
        {
            var hour = w % 24;
            var events = new List<TelemetryEvent>();
            void Add(string identity, int count, string operation = "SecretGet", string resource = Vault)
            {
                for (var i = 0; i < count; i++)
                {
                    var t = T0 + (w * Hour) + random.NextInt64(Hour);
                    if (w > 0 && random.Next(50) == 0)
                    {
                        t -= Hour;
                    }

                    events.Add(Access(t, identity, operation, resource));
                }
            }

            Add("app-day", hour is >= 8 and < 18 ? 4 + random.Next(4) : 0);
            Add("app-all", 3 + random.Next(2));
            Add("app-surge", w >= surge && w < surge + 2 ? 80 : 3 + random.Next(2));
            Add("user-" + random.Next(5), random.Next(3));
            if (w == 46)
            {
                Add("app-day", 1); // 22:00 on day two: outside its profile
            }

            if (w is 1 or 20)
            {
                Add("ops", 1, "ListKeys", Account);
            }

            if (w == 35)
            {
                Add("intruder", 1, "RegenerateKey", Account);
            }

            foreach (var e in events.OrderBy(e => e.TimeUnixMs))
            {
                var copy = e;
                steps.Add((m, alerts) => m.Observe(in copy, alerts));
            }

            var watermark = T0 + (w * Hour) - random.NextInt64(Hour);
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

        // The stream must exercise what is saved: the rate baseline, the known set, the hour profile, key operations.
        Assert.Contains(alerts, a => a.Rule == SecurityRules.SecretAccessRate && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.NewIdentity);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.OffHoursAccess);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.KeyOperation);
    }

    [Fact]
    public void RestoredMonitor_RemembersKnownIdentities()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(4).Take(200));

        var restored = MonitorRoundTrip.Restore(Make, MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w)), (x, r) => x.RestoreState(r));

        Assert.Equal(m.KnownIdentities(Vault), restored.KnownIdentities(Vault));
        Assert.True(restored.KnownIdentities(Vault) >= 4);
        Assert.Equal(m.TrackedIdentities(Vault), restored.TrackedIdentities(Vault));
        Assert.Equal(m.Resources, restored.Resources);
        Assert.Equal(m.Late, restored.Late);
    }

    [Fact]
    public void CorruptTruncatedOrNewerState_IsRejectedNamingTheMonitor()
    {
        var m = MonitorRoundTrip.Run(Make(), Stream(5).Take(300));

        var state = MonitorRoundTrip.Save(m, (x, w) => x.SaveState(w));

        MonitorRoundTrip.AssertCorruptionRejected(Make, state, (x, r) => x.RestoreState(r), "access monitor state ('ACCS' v1)", "ACCS");
        MonitorRoundTrip.AssertRejected(() => new AccessMonitor(Options with { TopK = 9 }), state, (x, r) => x.RestoreState(r),
            "the saved top-K summary has 8 slots; this configuration has 9");
    }
}
