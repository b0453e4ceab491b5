using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Windows;

public class AheadGuardTests
{
    private const long T0 = 1_795_345_957_000; // 2026-11-22T11:12:37Z
    private const long Minute = 60_000;
    private static readonly SeriesDims Dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.DCGM, "chat", "", "", "", "", "node-1", "0"));

    private static TelemetryEvent At(long t, long origin) =>
        TelemetryEvent.NewSample(EventKind.GpuSample, t, Dims, MetricNames.GpuUtil, 50) with { Origin = origin };

    /// <summary>Offers <paramref name="times"/> in order (then ends the input) and returns accepted and rejected origins.</summary>
    private static (List<long> Accepted, List<long> Rejected) Feed(AheadGuard guard, List<long> times, long arrival = long.MinValue, bool end = true)
    {
        var accepted = new List<long>();
        var rejected = new List<long>();
        var released = new List<TelemetryEvent>();
        var ahead = new List<(TelemetryEvent Event, string Why)>();
        for (var i = 0; i < times.Count; i++)
        {
            if (guard.Offer(At(times[i], i), arrival, released, ahead))
            {
                accepted.Add(i);
            }

            accepted.AddRange(released.Select(e => e.Origin));
            rejected.AddRange(ahead.Select(a => a.Event.Origin));
            released.Clear();
            ahead.Clear();
        }

        if (end)
        {
            guard.Finish(released, ahead);
            accepted.AddRange(released.Select(e => e.Origin));
            rejected.AddRange(ahead.Select(a => a.Event.Origin));
        }

        return (accepted, rejected);
    }

    private static List<long> Steady(int n, long from, long stepMs) => Enumerable.Range(0, n).Select(i => from + (i * stepMs)).ToList();

    [Fact]
    public void Offer_LoneOutlierTenDaysAhead_RejectedAndNewestTimeUnmoved()
    {
        var times = Steady(20, T0, 1000);
        times.Insert(10, T0 + (10 * 24 * 60 * Minute)); // a damaged line that took the file's modification time
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);

        var (accepted, rejected) = Feed(guard, times);

        Assert.Equal([10L], rejected);
        Assert.Equal(20, accepted.Count);
        Assert.Equal(T0 + (19 * 1000), guard.MaxTime);
    }

    [Fact]
    public void Offer_FirstRecordIsTheOutlier_RejectedTheRestAccepted()
    {
        var times = Steady(30, T0, 1000);
        times.Insert(0, T0 + (10 * 24 * 60 * Minute));
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);

        var (accepted, rejected) = Feed(guard, times);

        Assert.Equal([0L], rejected);
        Assert.Equal(30, accepted.Count);
        Assert.Equal(T0 + (29 * 1000), guard.MaxTime);
    }

    [Fact]
    public void Finish_FewerRecordsThanConfirm_AllAccepted()
    {
        var (accepted, rejected) = Feed(new AheadGuard(TimeSpan.FromMinutes(5), 8), [T0, T0 + Minute, T0 + (2 * Minute)]);

        Assert.Empty(rejected);
        Assert.Equal([0L, 1L, 2L], accepted.Order());
    }

    [Fact]
    public void Finish_OnIdle_ReleasesFirstRecords_LaterRecordsFollowTheOrdinaryRule()
    {
        // A partition goes idle after three records: they are decided as at the end (accepted), and the records that
        // come after the idle stretch are checked against them, not held for a first reference again.
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);
        var (accepted, rejected) = Feed(guard, [T0, T0 + Minute, T0 + (2 * Minute)]);
        Assert.Equal([0L, 1L, 2L], accepted.Order());
        Assert.Empty(rejected);
        Assert.Equal(0, guard.Held);

        var (later, _) = Feed(guard, [T0 + (3 * Minute)], end: false);
        Assert.Equal([0L], later); // accepted at once
        Assert.Equal(T0 + (3 * Minute), guard.MaxTime);
    }

    [Fact]
    public void Finish_BeforeAnyRecord_StillWaitsForTheFirstReference()
    {
        // Idle before the first record must not leave a "no reference" that makes every later record a suspect.
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);
        guard.Finish([], []);
        var (accepted, rejected) = Feed(guard, Steady(10, T0, 1000));
        Assert.Equal(10, accepted.Count);
        Assert.Empty(rejected);
    }

    [Fact]
    public void Offer_Live_FirstRecordsAcceptedAtOnce()
    {
        // Live: the arrival bound caps the first record, so a slow stream's first records are not held for 8 records.
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);
        var (accepted, _) = Feed(guard, [T0, T0 + Minute, T0 + (2 * Minute)], arrival: T0 + (3 * Minute), end: false);
        Assert.Equal([0L, 1L, 2L], accepted);
        Assert.Equal(0, guard.Held);
    }

    [Fact]
    public void Offer_Live_FirstRecordAheadOfArrival_RejectedAtOnce()
    {
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);
        var (accepted, rejected) = Feed(guard, [T0 + (10 * 24 * 60 * Minute), T0], arrival: T0, end: false);
        Assert.Equal([0L], rejected);
        Assert.Equal([1L], accepted);
    }

    [Fact]
    public void Offer_RealJumpOfThreeHours_EveryRecordAcceptedInOrderOfTime()
    {
        var times = Steady(30, T0, 10_000).Concat(Steady(30, T0 + (180 * Minute), 10_000)).ToList();
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);

        var (accepted, rejected) = Feed(guard, times);

        Assert.Empty(rejected);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), accepted.Order());
        Assert.Equal(times[^1], guard.MaxTime);
        Assert.Equal(0, guard.Held);
    }

    [Fact]
    public void Offer_SparseRecordsTenMinutesApart_NoneLostAtTheEnd()
    {
        var times = Steady(12, T0, 10 * Minute);
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 4);

        var (accepted, rejected) = Feed(guard, times);

        Assert.Empty(rejected);
        Assert.Equal(12, accepted.Count);
    }

    [Fact]
    public void Offer_JumpWithFewStragglersFromBefore_JumpConfirmedStragglersKept()
    {
        var times = Steady(10, T0, 1000);
        times.AddRange([T0 + (60 * Minute), T0 + 10_500, T0 + (60 * Minute) + 1000, T0 + (60 * Minute) + 2000, T0 + (60 * Minute) + 3000]);
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 3);

        var (accepted, rejected) = Feed(guard, times);

        Assert.Empty(rejected);
        Assert.Equal(times.Count, accepted.Count);
    }

    [Fact]
    public void Offer_SeveralOutliersScatteredAmongValidSamples_EachRejected()
    {
        var times = Steady(100, T0, 1000);
        var far = T0 + (10 * 24 * 60 * Minute);
        times[20] = far;
        times[50] = far;
        times[80] = far;
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 8);

        var (_, rejected) = Feed(guard, times);

        Assert.Equal([20L, 50L, 80L], rejected);
    }

    [Fact]
    public void Offer_LiveRecordFarAheadOfArrival_RejectedAtOnce()
    {
        var guard = new AheadGuard(TimeSpan.FromMinutes(5), 1);
        var released = new List<TelemetryEvent>();
        var ahead = new List<(TelemetryEvent Event, string Why)>();

        Assert.True(guard.Offer(At(T0, 0), T0 + 1000, released, ahead)); // live: the first record is accepted at once
        Assert.Empty(released);
        Assert.False(guard.Offer(At(T0 + (6 * Minute), 1), T0 + 1000, released, ahead));

        var (e, why) = Assert.Single(ahead);
        Assert.Equal(1, e.Origin);
        Assert.Contains("arrival time", why, StringComparison.Ordinal);
        Assert.Equal(0, guard.Held);
    }

    [Fact]
    public void Offer_SameSequenceSplitAtAnyPoint_SameDecisions()
    {
        var times = Steady(40, T0, 2000);
        times.Insert(7, T0 + (3 * 24 * 60 * Minute));
        times.InsertRange(25, Steady(12, T0 + (120 * Minute), 1000));
        var whole = Feed(new AheadGuard(TimeSpan.FromMinutes(5), 8), times);
        for (var split = 1; split < times.Count; split += 5)
        {
            // A checkpoint in the middle: save, restore into a fresh guard, continue.
            var first = new AheadGuard(TimeSpan.FromMinutes(5), 8);
            var head = Feed(first, times.Take(split).ToList(), end: false);
            using var buffer = new MemoryStream();
            using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                first.SaveState(w);
            }

            buffer.Position = 0;
            var second = new AheadGuard(TimeSpan.FromMinutes(5), 8);
            second.RestoreState(new BinaryReader(buffer));
            var rest = FeedFrom(second, times, split);

            Assert.Equal(whole.Accepted.Order(), head.Accepted.Concat(rest.Accepted).Order());
            Assert.Equal(whole.Rejected.Order(), head.Rejected.Concat(rest.Rejected).Order());
        }
    }

    [Fact]
    public void RestoreState_OtherSettings_Throws()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            new AheadGuard(TimeSpan.FromMinutes(5), 8).SaveState(w);
        }

        buffer.Position = 0;
        Assert.Throws<InvalidDataException>(() => new AheadGuard(TimeSpan.FromMinutes(1), 8).RestoreState(new BinaryReader(buffer)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NonPositiveMaxAhead_Throws(int minutes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AheadGuard(TimeSpan.FromMinutes(minutes), 8));

    private static (List<long> Accepted, List<long> Rejected) FeedFrom(AheadGuard guard, List<long> times, int from)
    {
        var accepted = new List<long>();
        var rejected = new List<long>();
        var released = new List<TelemetryEvent>();
        var ahead = new List<(TelemetryEvent Event, string Why)>();
        for (var i = from; i < times.Count; i++)
        {
            if (guard.Offer(At(times[i], i), long.MinValue, released, ahead))
            {
                accepted.Add(i);
            }
        }

        guard.Finish(released, ahead);
        accepted.AddRange(released.Select(e => e.Origin));
        rejected.AddRange(ahead.Select(a => a.Event.Origin));
        return (accepted, rejected);
    }
}
