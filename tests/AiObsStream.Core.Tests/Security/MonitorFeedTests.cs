using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Security;

/// <summary>
/// <see cref="MonitorFeed"/> (issue #13): the three event monitors fed in event time give the same alerts, in the same
/// order, for any arrival order within the allowed disorder, and across a checkpoint at any point.
/// </summary>
public class MonitorFeedTests
{
    private const long Window = 60_000;
    private const long Disorder = 10_000;
    private const long T0 = 1_764_000_000_000 - (1_764_000_000_000 % Window);
    private const string Vault = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1";
    private static readonly DimsPool Pool = new();
    private static readonly Config Property = Config.QuickThrowOnFailure.WithMaxTest(25).WithQuietOnSuccess(true);

    private static MonitorFeed Make() => new(
        new CallerConsumptionMonitor(new CallerMonitorOptions { TopK = 6, MinBaselineWindows = 3 }),
        new DependencyLatencyMonitor(new DependencyMonitorOptions { MinBaselineWindows = 3 }),
        new AccessMonitor(new AccessMonitorOptions { TopK = 8, WarmUp = TimeSpan.FromMinutes(3), MinAccesses = 5 }));

    private static TelemetryEvent Request(long t, string deployment, string caller, double tokens, double bytes, double ms)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", "2024-08-06", "ChatCompletions_Create", "/R", "", ""));
        var e = TelemetryEvent.NewRequest(t, dims);
        e.Status = 200;
        e.Success = true;
        e.PromptTokens = Math.Round(tokens * 0.8);
        e.CompletionTokens = Math.Round(tokens * 0.2);
        e.Detail = caller;
        e.Value = bytes;
        e.LatencyMs = ms;
        return e;
    }

    private static TelemetryEvent Dependency(long t, string deployment, double ms)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AppInsights, deployment, "gpt-4o", "2024-08-06", "llm-inference", "/R", "", ""));
        var e = TelemetryEvent.NewRequest(t, dims);
        e.LatencyMs = ms;
        e.Status = 200;
        e.Success = true;
        e.Detail = "HTTP|" + deployment + ".openai.azure.com";
        return e;
    }

    private static TelemetryEvent Access(long t, string identity)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "", "", "", "SecretGet", Vault, "", ""));
        var e = TelemetryEvent.NewSample(EventKind.SecretAccess, t, dims, MetricNames.AuditEvents, 1);
        e.Detail = identity;
        e.Status = 200;
        return e;
    }

    /// <summary>
    /// 24 windows (two of them quiet) of two deployments (steady callers, a surge, large responses, churning sporadic
    /// callers, a slowness on the way to the model) and a vault (steady readers, a read surge, newcomers), in time order.
    /// </summary>
    private static List<TelemetryEvent> Events(int seed)
    {
        var random = new Random(seed);
        var events = new List<TelemetryEvent>();
        var surgeFrom = 8 + random.Next(6);
        for (var w = 0; w < 24; w++)
        {
            if (w is 21 or 22)
            {
                continue; // a quiet gap: one event (or punctuation) then closes several windows of every monitor
            }

            long At() => T0 + (w * Window) + (random.Next(600) * 100); // 100 ms steps: equal times happen
            foreach (var deployment in (string[])["chat-a", "chat-b"])
            {
                void Add(string caller, int requests, double tokens, double bytes)
                {
                    for (var i = 0; i < requests; i++)
                    {
                        var t = At();
                        var model = 400 + random.Next(100);
                        var way = 30 + random.Next(20) + (deployment == "chat-a" && w >= surgeFrom + 2 && w < surgeFrom + 5 ? 900 : 0);
                        events.Add(Request(t, deployment, caller, tokens * (0.8 + (0.4 * random.NextDouble())), bytes, model));
                        events.Add(Dependency(t + way, deployment, model + way));
                    }
                }

                Add("steady-1", 12 + random.Next(4), 500, 2000);
                Add("surger", w >= surgeFrom && w < surgeFrom + 3 ? 90 : 10 + random.Next(3), 500, 2000);
                Add("dumper", 8, 450, w >= surgeFrom + 5 && w < surgeFrom + 7 ? 40_000 : 2100);
                Add("sporadic-" + random.Next(6), random.Next(5), 300, 1500);
            }

            var readers = w >= surgeFrom && w < surgeFrom + 2 ? 60 : 6 + random.Next(3);
            for (var i = 0; i < readers; i++)
            {
                events.Add(Access(At(), "app-1"));
            }

            events.Add(Access(At(), "user-" + random.Next(w + 1)));
        }

        return [.. events.OrderBy(e => e.TimeUnixMs)];
    }

    /// <summary>
    /// Runs <paramref name="arrivals"/> through a fresh feed with the watermark trailing the newest time by the allowed
    /// disorder, punctuated after random events (<paramref name="seed"/>), then ended.
    /// </summary>
    private static List<Action<MonitorFeed, List<AlertEvent>>> Steps(IEnumerable<TelemetryEvent> arrivals, int seed, int punctuateOneIn)
    {
        var random = new Random(seed);
        var steps = new List<Action<MonitorFeed, List<AlertEvent>>>();
        var newest = long.MinValue;
        foreach (var e in arrivals)
        {
            var copy = e;
            steps.Add((m, _) => m.Offer(in copy));
            newest = Math.Max(newest, e.TimeUnixMs);
            if (random.Next(punctuateOneIn) == 0)
            {
                var watermark = newest - Disorder;
                steps.Add((m, alerts) => m.AdvanceWatermark(watermark, alerts));
            }
        }

        steps.Add((m, alerts) => m.AdvanceWatermark(long.MaxValue, alerts));
        return steps;
    }

    private static List<AlertEvent> Run(IEnumerable<Action<MonitorFeed, List<AlertEvent>>> steps)
    {
        var alerts = new List<AlertEvent>();
        var feed = Make();
        foreach (var step in steps)
        {
            step(feed, alerts);
        }

        Assert.Equal(0, feed.Held);
        return alerts;
    }

    /// <summary>Each event arrives at its time plus a random delay of at most the allowed disorder: then no event is older than the watermark when it arrives.</summary>
    private static List<TelemetryEvent> Shuffled(List<TelemetryEvent> sorted, int seed, long maxDelay)
    {
        var random = new Random(seed);
        return [.. sorted.Select(e => (Event: e, Arrival: e.TimeUnixMs + random.NextInt64(maxDelay + 1), Tie: random.Next()))
            .OrderBy(x => x.Arrival).ThenBy(x => x.Tie).Select(x => x.Event)];
    }

    [Fact]
    public void TheStream_ExercisesEveryMonitor()
    {
        var alerts = Run(Steps(Events(1), 1, 50));

        Assert.Contains(alerts, a => a.Rule == SecurityRules.CallerSurge && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.LargeResponses && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == DependencyRules.Path && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.SecretAccessRate && a.Status == AlertStatus.Firing);
        Assert.Contains(alerts, a => a.Rule == SecurityRules.NewIdentity);
    }

    [Fact]
    public void AnyArrivalWithinTheAllowedDisorder_GivesTheSortedStreamsAlerts_InTheSameOrder()
    {
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(),
            (streamSeed, orderSeed) =>
            {
                var punctuateOneIn = 1 + (orderSeed % 200);
                var sorted = Events(streamSeed);
                var expected = Run(Steps(sorted, streamSeed, 1)); // sorted, punctuated after every event
                var actual = Run(Steps(Shuffled(sorted, orderSeed, Disorder), orderSeed, punctuateOneIn));
                Assert.NotEmpty(expected);
                Assert.True(expected.SequenceEqual(actual),
                    $"stream {streamSeed}, order {orderSeed}, punctuation 1/{punctuateOneIn}: {expected.Count} vs {actual.Count} alerts");
                return true;
            }).Check(Property);
    }

    [Fact]
    public void EqualStringsOfOtherInstances_GiveTheSameAlerts()
    {
        // The monitors remember the last deployment, window and callers by reference (issue #12's per-event cost): a
        // stream whose equal strings alternate between two instances (two dimension pools, copied callers) misses
        // those shortcuts at every event and must give exactly the same alerts.
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), seed =>
        {
            var sorted = Events(seed);
            DimsPool[] pools = [new(), new()];
            var copies = sorted.Select((e, i) =>
            {
                var d = e.Dims;
                var copy = e;
                copy.Dims = pools[i % 2].Intern(new DimsKey(d.Source, new string(d.Deployment), d.ModelName, d.ModelVersion,
                    d.Operation, d.Resource, d.Host, d.Gpu, d.OtherDims));
                copy.Detail = e.Detail is null ? null : new string(e.Detail);
                return copy;
            }).ToList();

            var expected = Run(Steps(sorted, seed, 7));
            var actual = Run(Steps(copies, seed, 7));
            Assert.NotEmpty(expected);
            Assert.True(expected.SequenceEqual(actual), $"stream {seed}: {expected.Count} vs {actual.Count} alerts");
            return true;
        }).Check(Property);
    }

    [Fact]
    public void OneAdvanceAtTheEnd_GivesTheSameAlerts_InWindowOrder()
    {
        var sorted = Events(2);
        var expected = Run(Steps(sorted, 2, 1));

        var once = Run(Steps(Shuffled(sorted, 3, Disorder), 3, int.MaxValue)); // nothing released before the end

        Assert.Equal(expected, once);
        for (var i = 1; i < once.Count; i++)
        {
            Assert.True(once[i - 1].TimeGeneratedMs <= once[i].TimeGeneratedMs, $"alert {i} comes before an earlier window's");
        }
    }

    [Fact]
    public void CheckpointAtAnyStep_GivesTheSameAlertsAsAnUninterruptedRun()
    {
        var steps = Steps(Shuffled(Events(4), 4, Disorder), 4, 30);

        var alerts = MonitorRoundTrip.AssertCutsMatch(Make, steps, Save, Restore, MonitorRoundTrip.Cuts(steps.Count, 4, 25));

        Assert.NotEmpty(alerts);
    }

    [Fact]
    public void AnEventLaterThanTheDisorder_IsCountedBehind_AndUsedWhileItsWindowIsOpen()
    {
        var feed = Make();
        var alerts = new List<AlertEvent>();
        feed.Offer(Request(T0 + 50_000, "chat-a", "c1", 100, 10, 100));
        feed.AdvanceWatermark(T0 + 40_000, alerts);
        Assert.Equal(1, feed.Held); // not passed yet
        feed.AdvanceWatermark(T0 + 55_000, alerts);
        Assert.Equal(0, feed.Held);

        feed.Offer(Request(T0 + 30_000, "chat-a", "c2", 100, 10, 100)); // behind the release, its window still open

        Assert.Equal(1, feed.Behind);
        feed.AdvanceWatermark(T0 + 59_000, alerts);
        Assert.Equal(0, feed.Late);
        Assert.Equal(2, feed.Callers!.TrackedCallers("chat-a"));
    }

    [Fact]
    public void AnEventForAClosedWindow_IsCountedBehindAndLate_NotLostSilently()
    {
        var feed = Make();
        var alerts = new List<AlertEvent>();
        feed.Offer(Request(T0 + 50_000, "chat-a", "c1", 100, 10, 100));
        feed.Offer(Access(T0 + 50_000, "app-1"));
        feed.AdvanceWatermark(T0 + Window + 5_000, alerts); // closes the first window

        feed.Offer(Request(T0 + 20_000, "chat-a", "c1", 100, 10, 100)); // beyond the disorder: its window has closed
        feed.Offer(Access(T0 + 20_000, "app-1"));
        feed.Offer(Request(T0 + Window + 1_000, "chat-a", "c1", 100, 10, 100)); // behind as well, but its window is open
        feed.AdvanceWatermark(T0 + Window + 10_000, alerts);

        Assert.Equal(3, feed.Behind);
        Assert.Equal(1, feed.Callers!.Late);
        Assert.Equal(1, feed.Access!.Late);
        Assert.Equal(1, feed.Dependencies!.Late); // the request's latency is the model's side of the dependency monitor
        Assert.Equal(3, feed.Late);
    }

    [Fact]
    public void WindowsOfSeveralKeys_CloseOldestFirst_WhateverTheKeyOrder()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions { MinBaselineWindows = 1, MinRequests = 1, NewCallerShare = 0.1 });
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < 3; w++)
        {
            // "a" sorts first but its windows start later than "b"'s: b's window must close (and alert) first.
            for (var i = 0; i < 3; i++)
            {
                m.Observe(Request(T0 + (w * 2 * Window) + 1000 + i, "b", "base-" + i, 100, 10, 100), alerts);
                m.Observe(Request(T0 + (((w * 2) + 1) * Window) + 1000 + i, "a", "base-" + i, 100, 10, 100), alerts);
            }
        }

        m.Observe(Request(T0 + (6 * Window) + 1000, "b", "newcomer", 1000, 10, 100), alerts);
        m.Observe(Request(T0 + (7 * Window) + 1000, "a", "newcomer", 1000, 10, 100), alerts);
        m.AdvanceWatermark(T0 + (9 * Window), alerts);

        var shares = alerts.Where(a => a.Rule == SecurityRules.NewCallerShare && a.Status == AlertStatus.Firing).ToList();
        Assert.Equal(["b", "a"], shares.Select(a => a.Deployment));
        Assert.True(shares[0].TimeGeneratedMs < shares[1].TimeGeneratedMs);
    }

    private static void Save(MonitorFeed m, BinaryWriter w)
    {
        m.Callers!.SaveState(w);
        m.Dependencies!.SaveState(w);
        m.Access!.SaveState(w);
        m.SaveState(w);
    }

    private static void Restore(MonitorFeed m, BinaryReader r)
    {
        m.Callers!.RestoreState(r);
        m.Dependencies!.RestoreState(r);
        m.Access!.RestoreState(r);
        m.RestoreState(r);
    }
}
