using AiObsStream.Core.Events;
using AiObsStream.Core.Tests.Security;
using AiObsStream.Core.Windows;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Windows;

/// <summary><see cref="EventReorderBuffer"/>: held until the watermark passes, released in time then content order.</summary>
public class EventReorderBufferTests
{
    private const long T0 = 1_764_000_000_000;
    private static readonly DimsPool Pool = new();
    private static readonly Config Property = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    private static TelemetryEvent Request(long t, string deployment, string caller, double ms)
    {
        var e = TelemetryEvent.NewRequest(t, Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", "", "", "", "", "")));
        e.Detail = caller;
        e.LatencyMs = ms;
        return e;
    }

    [Fact]
    public void Release_HandsOnOnlyWhatTheWatermarkPassed_InTimeThenContentOrder()
    {
        var buffer = new EventReorderBuffer();
        buffer.Add(Request(T0 + 30, "b", "x", 5));
        buffer.Add(Request(T0 + 10, "b", "y", 5));
        buffer.Add(Request(T0 + 10, "a", "y", 9));
        buffer.Add(Request(T0 + 10, "a", "y", 1));
        buffer.Add(Request(T0 + 20, "a", "z", 1));
        var output = new List<TelemetryEvent>();

        buffer.Release(T0 + 20, output); // strictly older than the watermark

        Assert.Equal([("a", 1.0), ("a", 9.0), ("b", 5.0)], output.Select(e => (e.Dims.Deployment, e.LatencyMs)));
        Assert.Equal(2, buffer.Count);
        Assert.Equal(0, buffer.Behind);
        output.Clear();
        buffer.Release(long.MaxValue, output);
        Assert.Equal([T0 + 20, T0 + 30], output.Select(e => e.TimeUnixMs));
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void HandedOutEvents_AreDroppedBeforeTheListGrows()
    {
        // A steady stream: ~1,000 events held (the allowed disorder's worth), 100 added and 100 released per punctuation.
        // The handed-out events wait at the front until they are as many as the held ones; the list must drop them when
        // it is full rather than double (2,048 slots hold the held events with room to spare; 4,096 would be the doubling).
        var buffer = new EventReorderBuffer();
        var next = 0L;
        var released = 0L;
        for (var round = 0; round < 200; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                buffer.Add(Request(T0 + next++, "d", "c", 1));
            }

            var span = buffer.Release(T0 + next - 1_000);
            for (var i = 0; i < span.Length; i++)
            {
                Assert.Equal(T0 + released + i, span[i].TimeUnixMs); // still every event once, in order
            }

            released += span.Length;
            Assert.True(buffer.Capacity <= 2_048, $"capacity {buffer.Capacity} in round {round}");
        }

        Assert.Equal(next - 1_000, released);
        Assert.Equal(1_000, buffer.Count);
    }

    [Fact]
    public void AnyArrivalOrder_ReleasesTheSameSequence()
    {
        var events = Enumerable.Range(0, 200).Select(i => Request(T0 + (i % 17), "d" + (i % 3), "c" + (i % 5), i % 7)).ToList();
        List<(long, string, string?, double)> Released(IEnumerable<TelemetryEvent> arrivals)
        {
            var buffer = new EventReorderBuffer();
            var output = new List<TelemetryEvent>();
            foreach (var e in arrivals)
            {
                buffer.Add(in e);
            }

            buffer.Release(long.MaxValue, output);
            return [.. output.Select(e => (e.TimeUnixMs, e.Dims.Deployment, e.Detail, e.LatencyMs))];
        }

        var expected = Released(events);
        var random = new Random(1);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(expected, Released(events.OrderBy(_ => random.Next())));
        }
    }

    [Fact]
    public void AnEventOlderThanTheLastRelease_IsCountedBehind_AndStillReleased()
    {
        var buffer = new EventReorderBuffer();
        var output = new List<TelemetryEvent>();
        buffer.Add(Request(T0 + 100, "a", "x", 1));
        buffer.Release(T0 + 200, output);

        buffer.Add(Request(T0 + 150, "a", "x", 1));
        buffer.Add(Request(T0 + 250, "a", "x", 1));

        Assert.Equal(1, buffer.Behind);
        buffer.Release(T0 + 100, output); // an older watermark does not move the release mark back
        Assert.Equal(T0 + 200, buffer.ReleasedTo);
        buffer.Release(T0 + 200, output);
        Assert.Equal([T0 + 100, T0 + 150], output.Select(e => e.TimeUnixMs));
        Assert.Equal(1, buffer.Count);
    }

    [Fact]
    public void ReleasesInSteps_MatchSortingEverythingHeld_ForAnyArrivalAndWatermarks()
    {
        // The buffer sorts only what arrived since the last release and merges it with what it kept sorted; the
        // reference sorts everything held at every release, as the buffer did before (issue #12).
        Prop.ForAll(Gen.Choose(1, 10_000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var n = random.Next(1, 300);
            var disorder = random.Next(0, 40); // 0: arrivals in time order, the common case
            var arrivals = Enumerable.Range(0, n)
                .Select(i => Request(T0 + i + random.Next(0, disorder + 1) - (disorder / 2), "d" + random.Next(3), "c" + random.Next(4), random.Next(5)))
                .ToList();
            var buffer = new EventReorderBuffer();
            var held = new List<TelemetryEvent>();
            var actual = new List<TelemetryEvent>();
            var expected = new List<TelemetryEvent>();
            var watermark = T0 - 50;
            foreach (var e in arrivals)
            {
                buffer.Add(in e);
                held.Add(e);
                if (random.Next(8) == 0)
                {
                    watermark += random.Next(-5, 25);
                    buffer.Release(watermark, actual);
                    var sorted = Sorted(held);
                    expected.AddRange(sorted.TakeWhile(x => x.TimeUnixMs < watermark));
                    held = [.. sorted.SkipWhile(x => x.TimeUnixMs < watermark)];
                }

                if (random.Next(40) == 0)
                {
                    // a checkpoint between releases: the restored buffer goes on as the original would have
                    var state = MonitorRoundTrip.Save(buffer, (b, w) => b.SaveState(w));
                    buffer = MonitorRoundTrip.Restore(() => new EventReorderBuffer(), state, (b, r) => b.RestoreState(r));
                }

                Assert.Equal(held.Count, buffer.Count);
            }

            buffer.Release(long.MaxValue, actual);
            expected.AddRange(Sorted(held));
            Assert.Equal(Key(expected), Key(actual));
            return true;
        }).Check(Property);

        static List<TelemetryEvent> Sorted(List<TelemetryEvent> events) =>
            [.. events.OrderBy(e => e.TimeUnixMs).ThenBy(e => e.Dims.Deployment, StringComparer.Ordinal)
                .ThenBy(e => e.Detail, StringComparer.Ordinal).ThenBy(e => e.LatencyMs)];

        static List<(long, string, string?, double)> Key(List<TelemetryEvent> events) =>
            [.. events.Select(e => (e.TimeUnixMs, e.Dims.Deployment, e.Detail, e.LatencyMs))];
    }

    [Fact]
    public void ReleaseInPlace_HandsOutEachEventOnce_AndCountsOnlyWhatIsStillHeld()
    {
        var buffer = new EventReorderBuffer();
        buffer.Add(Request(T0 + 20, "a", "x", 2));
        buffer.Add(Request(T0 + 10, "a", "x", 1));
        buffer.Add(Request(T0 + 30, "a", "x", 3));

        var first = buffer.Release(T0 + 25).ToArray();
        Assert.Equal([T0 + 10, T0 + 20], first.Select(e => e.TimeUnixMs));
        Assert.Equal(1, buffer.Count);

        buffer.Add(Request(T0 + 26, "a", "x", 4));
        var second = buffer.Release(long.MaxValue).ToArray();

        Assert.Equal([T0 + 26, T0 + 30], second.Select(e => e.TimeUnixMs));
        Assert.Equal(0, buffer.Count);
        Assert.Equal(0, buffer.Release(long.MaxValue).Length);
    }

    [Fact]
    public void SaveAndRestore_KeepsHeldEventsAndCounts_AndCorruptionIsRejected()
    {
        var buffer = new EventReorderBuffer();
        var output = new List<TelemetryEvent>();
        for (var i = 0; i < 20; i++)
        {
            buffer.Add(Request(T0 + (i * 10), "d" + (i % 2), "caller-" + i, i));
        }

        buffer.Release(T0 + 55, output);
        buffer.Add(Request(T0 + 1, "d0", "behind", 1));
        var state = MonitorRoundTrip.Save(buffer, (b, w) => b.SaveState(w));

        var restored = MonitorRoundTrip.Restore(() => new EventReorderBuffer(), state, (b, r) => b.RestoreState(r));

        Assert.Equal(buffer.Count, restored.Count);
        Assert.Equal(1, restored.Behind);
        Assert.Equal(T0 + 55, restored.ReleasedTo);
        Assert.Equal(state, MonitorRoundTrip.Save(restored, (b, w) => b.SaveState(w)));
        var a = new List<TelemetryEvent>();
        var b = new List<TelemetryEvent>();
        buffer.Release(long.MaxValue, a);
        restored.Release(long.MaxValue, b);
        Assert.Equal(a.Select(e => (e.TimeUnixMs, e.Detail)), b.Select(e => (e.TimeUnixMs, e.Detail)));
        MonitorRoundTrip.AssertCorruptionRejected(() => new EventReorderBuffer(), state, (x, r) => x.RestoreState(r),
            "monitor reorder buffer state ('REOR' v1)", "REOR");
    }
}
