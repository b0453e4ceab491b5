using AiObsStream.Core.Operators;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Operators;

public class SmallLongMapTests
{
    [Fact]
    public void SetGetRemove_InKeyOrder()
    {
        var map = new SmallLongMap<string>();
        map[7_200_000] = "hour 2";
        map[-3_600_000] = "hour -1";
        map[3_600_000] = "hour 1";
        map[7_200_000] = "hour 2 again";

        var entries = new List<(long, string)>();
        foreach (var (key, value) in map)
        {
            entries.Add((key, value));
        }

        Assert.Equal([(-3_600_000L, "hour -1"), (3_600_000L, "hour 1"), (7_200_000L, "hour 2 again")], entries);
        Assert.True(map.Remove(3_600_000, out var removed));
        Assert.Equal("hour 1", removed);
        Assert.False(map.Remove(3_600_000, out _));
        Assert.False(map.TryGetValue(3_600_000, out _));
        Assert.True(map.TryGetValue(7_200_000, out var kept));
        Assert.Equal("hour 2 again", kept);
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void Remove_DoesNotKeepTheValueReachable()
    {
        var map = new SmallLongMap<object>();
        var weak = Add(map);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(weak.IsAlive);
        Assert.Equal(1, map.Count);

        static WeakReference Add(SmallLongMap<object> map)
        {
            var value = new object();
            map[1] = value;
            map[2] = new object();
            map.Remove(1, out _);
            map.Remove(2, out var second);
            map[2] = second; // the array keeps its slots: the freed one must be cleared
            return new WeakReference(value);
        }
    }

    [Fact]
    public void AnySequenceOfSetsAndRemoves_MatchesASortedDictionary()
    {
        var op = from key in Gen.Choose(-3, 5).Select(k => (long)k * 3_600_000)
                 from remove in Gen.Elements(false, false, true)
                 select (key, remove);
        Prop.ForAll(op.ListOf().Select(l => l.ToList()).ToArbitrary(), ops => SortedMapModel.Matches(new SmallLongMap<int>(), ops))
            .QuickCheckThrowOnFailure();
    }
}
