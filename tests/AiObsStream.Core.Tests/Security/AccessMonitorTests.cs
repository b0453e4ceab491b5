using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Core.Tests.Security;

public class AccessMonitorTests
{
    private const long Window = 60_000;
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;
    private const long T0 = 1_764_028_800_000; // 2025-11-25T00:00:00Z, a day boundary
    private const string Vault = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1";
    private const string Account = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI1";
    private static readonly DimsPool Pool = new();

    private static TelemetryEvent Access(long t, string identity, string operation = "SecretGet", string resource = Vault)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "", "", "", operation, resource, "", ""));
        var e = TelemetryEvent.NewSample(EventKind.SecretAccess, t, dims, MetricNames.AuditEvents, 1);
        e.Detail = identity;
        e.Status = 200;
        return e;
    }

    private static TelemetryEvent Audit(long t, string identity, string operation = "ListKey")
    {
        var e = Access(t, identity, operation, Account);
        e.Kind = EventKind.Audit;
        return e;
    }

    /// <summary><paramref name="reads"/> reads by <paramref name="identity"/> spread over window <paramref name="w"/> (from <paramref name="start"/>).</summary>
    private static IEnumerable<TelemetryEvent> Reads(long start, int w, string identity, int reads) =>
        Enumerable.Range(0, reads).Select(i => Access(start + (w * Window) + (i * (Window / (reads + 1))), identity));

    private static List<AlertEvent> Run(AccessMonitor m, IEnumerable<TelemetryEvent> events, long? watermark = null)
    {
        var alerts = new List<AlertEvent>();
        var last = long.MinValue;
        foreach (var e in events.OrderBy(e => e.TimeUnixMs))
        {
            m.Observe(in e, alerts);
            last = e.TimeUnixMs;
        }

        m.AdvanceWatermark(watermark ?? last + (2 * Window), alerts);
        return alerts;
    }

    private static AccessMonitor Monitor(AccessMonitorOptions? options = null) => new(options ?? new AccessMonitorOptions());

    [Fact]
    public void RateJump_FiresForTheIdentityOnly_AndResolves()
    {
        var events = new List<TelemetryEvent>();
        for (var w = 0; w < 20; w++)
        {
            events.AddRange(Reads(T0, w, "app-a", w is >= 10 and < 13 ? 60 : 3));
            events.AddRange(Reads(T0, w, "app-b", 2));
        }

        var alerts = Run(Monitor(), events);

        var rate = alerts.Where(a => a.Rule == SecurityRules.SecretAccessRate).ToList();
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], rate.Select(a => a.Status));
        Assert.Equal(T0 + (10 * Window), rate[0].StartsAtMs);
        Assert.Equal(60, rate[0].Value);
        Assert.Equal(Severity.Critical, rate[0].Severity);
        Assert.Equal("KeyVault", rate[0].Source);
        Assert.Equal("Identity=app-a;Resource=" + Vault, rate[0].OtherDims);
        Assert.DoesNotContain("app-a", rate[0].Summary, StringComparison.Ordinal); // the identity never reaches the console
        Assert.DoesNotContain(alerts, a => a.Rule == SecurityRules.NewIdentity);
    }

    [Fact]
    public void SteadyIdentities_WithPoissonNoise_GiveNoAlert()
    {
        var random = new Random(7);
        var events = new List<TelemetryEvent>();
        for (var w = 0; w < 240; w++)
        {
            foreach (var (id, mean) in new[] { ("app-a", 3.0), ("app-b", 1.5), ("app-c", 1.0) })
            {
                var n = Poisson(random, mean);
                events.AddRange(Reads(T0, w, id, n));
            }
        }

        // every identity starts at t0 (apps read their secrets at startup)
        events.AddRange(new[] { "app-a", "app-b", "app-c" }.Select(id => Access(T0 + 1, id)));

        Assert.Empty(Run(Monitor(), events));
    }

    private static int Poisson(Random random, double mean)
    {
        var l = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > l; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    [Fact]
    public void RateJump_NeedsABaseline_AndTheNoiseFloor()
    {
        // two windows of history only: not trusted; then 9 reads over a baseline of 1: under the 10-read floor
        var young = Run(Monitor(), [.. Reads(T0, 0, "a", 1), .. Reads(T0, 1, "a", 1), .. Reads(T0, 2, "a", 50)]);
        var small = Run(Monitor(), Enumerable.Range(0, 8).SelectMany(w => Reads(T0, w, "a", w == 7 ? 9 : 1)));

        Assert.DoesNotContain(young, a => a.Rule == SecurityRules.SecretAccessRate);
        Assert.DoesNotContain(small, a => a.Rule == SecurityRules.SecretAccessRate);
    }

    [Fact]
    public void NewIdentity_AfterWarmUp_FiresOnce_ThenResolves_DuringWarmUpIsLearned()
    {
        var events = new List<TelemetryEvent>();
        for (var w = 0; w < 12; w++)
        {
            events.AddRange(Reads(T0, w, "app-a", 2));
        }

        events.Add(Access(T0 + (2 * Window) + 5, "early")); // inside the 5-minute warm-up: learned
        events.Add(Access(T0 + (8 * Window) + 5, "intruder"));
        events.Add(Access(T0 + (9 * Window) + 5, "intruder")); // known by now

        var alerts = Run(Monitor(), events).Where(a => a.Rule == SecurityRules.NewIdentity).ToList();

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal("Identity=intruder;Resource=" + Vault, alerts[0].OtherDims);
        Assert.Equal(T0 + (8 * Window), alerts[0].StartsAtMs);
    }

    [Fact]
    public void KeyOperation_ListKeyByANewIdentity_FiresKeyAndNewIdentity_OnTheAccount()
    {
        var events = new List<TelemetryEvent>
        {
            Audit(T0, "deployer"),
            Audit(T0 + (10 * Window), "stranger"),
            Audit(T0 + (20 * Window), "deployer", "RegenerateKey"),
        };

        var alerts = Run(Monitor(), events);

        var keys = alerts.Where(a => a.Rule == SecurityRules.KeyOperation && a.Status == AlertStatus.Firing).ToList();
        Assert.Equal(3, keys.Count); // each listing or regeneration is notable, known identity or not
        Assert.All(keys, a => Assert.Equal(Severity.Warning, a.Severity));
        Assert.Contains("never seen before", keys[1].Summary, StringComparison.Ordinal);
        Assert.Contains("regenerated", keys[2].Summary, StringComparison.Ordinal);
        Assert.Equal("AzureOpenAI", keys[0].Source);
        Assert.Equal("ListKey", keys[1].Operation);
        var fresh = Assert.Single(alerts, a => a.Rule == SecurityRules.NewIdentity && a.Status == AlertStatus.Firing);
        Assert.Equal("Identity=stranger;Resource=" + Account, fresh.OtherDims);
    }

    [Fact]
    public void OffHours_AfterAWeekOfDaytimeAccess_ANightAccessFires()
    {
        var events = new List<TelemetryEvent>();
        for (var d = 0; d < 8; d++)
        {
            for (var h = 9; h < 17; h++)
            {
                events.Add(Access(T0 + (d * Day) + (h * Hour) + (10 * Window), "ops"));
                events.Add(Access(T0 + (d * Day) + (h * Hour) + (40 * Window), "ops"));
            }
        }

        events.Add(Access(T0 + (8 * Day) + (3 * Hour), "ops")); // 03:00 UTC
        events.Add(Access(T0 + (8 * Day) + (10 * Hour), "ops")); // 10:00 UTC: usual

        var alerts = Run(Monitor(), events).Where(a => a.Rule == SecurityRules.OffHoursAccess).ToList();

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(T0 + (8 * Day) + (3 * Hour), alerts[0].StartsAtMs);
    }

    [Fact]
    public void OffHours_ProfileNotTrainedBeforeTheMinimumDays()
    {
        var events = new List<TelemetryEvent>();
        for (var h = 9; h < 17; h++)
        {
            events.AddRange(Enumerable.Range(0, 20).Select(i => Access(T0 + (h * Hour) + (i * Window), "ops")));
        }

        events.Add(Access(T0 + Day + (3 * Hour), "ops")); // a day later: 160 accesses but one day of history

        Assert.DoesNotContain(Run(Monitor(), events), a => a.Rule == SecurityRules.OffHoursAccess);
    }

    [Fact]
    public void Cardinality_100kIdentities_StateStaysBounded()
    {
        var options = new AccessMonitorOptions { TopK = 16, MaxKnownIdentities = 1000 };
        var m = Monitor(options);
        var alerts = new List<AlertEvent>();
        for (var i = 0; i < 100_000; i++)
        {
            var e = Access(T0 + (i * 10L), "id-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            m.Observe(in e, alerts);
        }

        Assert.Equal(16, m.TrackedIdentities(Vault));
        Assert.Equal(1000, m.KnownIdentities(Vault));
        Assert.Equal(99_000, m.Unjudged);
    }

    [Fact]
    public void Resources_BeyondTheLimit_AreCountedNotTracked()
    {
        var m = Monitor(new AccessMonitorOptions { MaxResources = 2 });
        var alerts = new List<AlertEvent>();
        foreach (var r in new[] { "/v1", "/v2", "/v3", "/v3" })
        {
            var e = Access(T0, "a", resource: r);
            m.Observe(in e, alerts);
        }

        Assert.Equal(2, m.Resources);
        Assert.Equal(2, m.Untracked);
    }

    [Fact]
    public void BadInput_NoIdentity_NoResource_OtherKinds_LateEvents_AreIgnored()
    {
        var m = Monitor();
        var alerts = new List<AlertEvent>();
        var noIdentity = Access(T0, "x");
        noIdentity.Detail = null;
        var empty = Access(T0, string.Empty);
        var noResource = Access(T0, "x", resource: string.Empty);
        var request = TelemetryEvent.NewRequest(T0, noIdentity.Dims);
        request.Detail = "caller";
        foreach (var e in new[] { noIdentity, empty, noResource, request })
        {
            m.Observe(in e, alerts);
        }

        Assert.Equal(0, m.Resources);

        var later = Access(T0 + (5 * Window), "a");
        var late = Access(T0, "a");
        m.Observe(in later, alerts);
        m.Observe(in late, alerts);
        Assert.Equal(1, m.Late);
        Assert.Empty(alerts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Options_AreValidated(int topK)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AccessMonitor(new AccessMonitorOptions { TopK = topK }));
        Assert.Contains("security.access.topK", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AccessMonitor(new AccessMonitorOptions { OffHoursShare = 1 }));
    }

    [Fact]
    public void Output_IsDeterministic_AcrossResources()
    {
        IEnumerable<TelemetryEvent> Events() =>
        [
            Audit(T0 + 5, "z"), Access(T0 + 7, "y", resource: "/b"), Access(T0 + 9, "y", resource: "/a"),
            Audit(T0 + (7 * Window), "new-1"), Access(T0 + (7 * Window) + 1, "new-2", resource: "/a"),
        ];

        var first = Run(Monitor(), Events());
        var second = Run(Monitor(), Events());

        Assert.Equal(first.Select(a => (a.AlertId, a.Rule, a.Status)), second.Select(a => (a.AlertId, a.Rule, a.Status)));
        Assert.Equal([Account, "/a"], // watermark closes go in ordinal resource order, whatever the arrival order
            first.Where(a => a.Rule == SecurityRules.NewIdentity && a.Status == AlertStatus.Firing)
                .Select(a => a.OtherDims[(a.OtherDims.IndexOf("Resource=", StringComparison.Ordinal) + 9)..]));
    }
}
