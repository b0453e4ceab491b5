using AiObsStream.Core.Incidents;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Incidents;

public sealed class TimeOrderTests
{
    [Fact]
    public void SortTail_AnyTimes_SameAsStableOrderByOnTheTail()
    {
        Prop.ForAll(Gen.Choose(0, 5).ArrayOf().ToArbitrary(), Gen.Choose(0, 4).ToArbitrary(), (times, head) =>
        {
            // Items are (time, original position): the position shows whether ties kept their order.
            var items = times.Select((t, i) => (Time: (long)t, Position: i)).ToList();
            var start = Math.Min(head, items.Count);
            var expected = items.Take(start).Concat(items.Skip(start).OrderBy(x => x.Time)).ToList();
            TimeOrder.SortTail(items, start, static x => x.Time);
            return expected.SequenceEqual(items);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SortTail_EmptyOrSingleTail_LeavesTheListAlone()
    {
        List<(long Time, int Position)> items = [(5, 0), (1, 1)];
        TimeOrder.SortTail(items, 2, static x => x.Time);
        TimeOrder.SortTail(items, 1, static x => x.Time);
        Assert.Equal([(5L, 0), (1L, 1)], items);
    }
}
