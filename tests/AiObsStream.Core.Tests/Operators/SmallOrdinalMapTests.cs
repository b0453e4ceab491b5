using AiObsStream.Core.Versions;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Versions;

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
    public void AnySequenceOfSets_MatchesASortedDictionaryWithTheOrdinalComparer()
    {
        var keys = Gen.Elements("a", "B", "b", "ab", "a\u00e9", "latency_ms", "errors", "", "Z", "z0").ListOf().Select(l => l.ToList());
        Prop.ForAll(keys.ToArbitrary(), (List<string> sets) =>
        {
            var map = new SmallOrdinalMap<int>();
            var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < sets.Count; i++)
            {
                map[sets[i]] = i;
                expected[sets[i]] = i;
            }

            var actual = new List<KeyValuePair<string, int>>();
            foreach (var entry in map)
            {
                actual.Add(entry);
            }

            return actual.SequenceEqual(expected) && map.Count == expected.Count
                && expected.All(e => map.TryGetValue(e.Key, out var v) && v == e.Value);
        }).QuickCheckThrowOnFailure();
    }
}
