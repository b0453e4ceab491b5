using AiObsStream.Core.Operators;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Operators;

public class SmallOrdinalMapTests
{
    [Fact]
    public void Set_KeepsOrdinalOrder_AndReplacesExistingKeys()
    {
        var map = new SmallOrdinalMap<long>();
        map["latency_ms"] = 1;
        map["Errors"] = 2;
        map["http_429"] = 3;
        map["errors"] = 4;
        map["http_429"] = 5;

        var entries = new List<(string, long)>();
        foreach (var (key, value) in map)
        {
            entries.Add((key, value));
        }

        Assert.Equal([("Errors", 2L), ("errors", 4L), ("http_429", 5L), ("latency_ms", 1L)], entries);
        Assert.Equal(4, map.Count);
        Assert.Equal(5, map["http_429"]);
        Assert.Equal(0, map.GetValueOrDefault("tokens_total"));
        Assert.False(map.TryGetValue("tokens_total", out _));
        Assert.Throws<KeyNotFoundException>(() => map["tokens_total"]);
    }

    [Fact]
    public void Empty_EnumeratesNothing()
    {
        var map = new SmallOrdinalMap<double>();
        foreach (var _ in map)
        {
            Assert.Fail("an empty map has no entry");
        }

        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void Remove_FirstKey_ContainsKey_FollowTheEntries()
    {
        var map = new SmallOrdinalMap<double>();
        Assert.Throws<InvalidOperationException>(() => map.FirstKey);
        map["2024-11-20"] = 2;
        map["2024-08-06"] = 1;
        Assert.Equal("2024-08-06", map.FirstKey);
        Assert.True(map.Remove("2024-08-06"));
        Assert.False(map.Remove("2024-08-06"));
        Assert.False(map.ContainsKey("2024-08-06"));
        Assert.True(map.ContainsKey("2024-11-20"));
        Assert.Equal("2024-11-20", map.FirstKey);
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void AnySequenceOfSetsAndRemoves_MatchesASortedDictionaryWithTheOrdinalComparer()
    {
        var op = from key in Gen.Elements("a", "B", "b", "ab", "a\u00e9", "latency_ms", "errors", "", "Z", "z0")
                 from remove in Gen.Elements(false, false, true)
                 select (key, remove);
        Prop.ForAll(op.ListOf().Select(l => l.ToList()).ToArbitrary(), ops => SortedMapModel.Matches(new SmallOrdinalMap<int>(), ops))
            .QuickCheckThrowOnFailure();
    }
}
