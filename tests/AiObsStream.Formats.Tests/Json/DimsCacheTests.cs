using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// The dimensions cache of the JSON parsers: the interned instance whatever the cache holds, no decoding once a
/// combination is known (also for a stream cycling through more combinations than the old eight entries), and
/// combinations that differ only where the hash does not look (the middle of a long field) kept apart.
/// </summary>
public class DimsCacheTests
{
    private static readonly byte[] Resource = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A"u8.ToArray();

    private static SeriesDims Get(DimsCache cache, string deployment, byte[]? resource = null, string operation = "chat") =>
        cache.Get(TelemetrySource.AzureOpenAI, Encoding.UTF8.GetBytes(deployment), "gpt-4o"u8, "2024-08-06"u8,
            Encoding.UTF8.GetBytes(operation), resource ?? Resource, default);

    [Fact]
    public void Get_SameValues_ReturnsThePooledInstance_AndDecodesOnce()
    {
        var cache = new DimsCache(new StringPool());
        var first = Get(cache, "chat-prod");
        var second = Get(cache, "chat-prod");

        Assert.Same(first, second);
        Assert.Same(first, Get(new DimsCache(new StringPool()), "chat-prod")); // interned: another cache, same instance
        Assert.Equal("chat-prod", first.Deployment);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void Get_FortyDeploymentsInTurn_MissOnlyTheFirstRound()
    {
        var cache = new DimsCache(new StringPool());
        var seen = new SeriesDims[40];
        for (var round = 0; round < 5; round++)
        {
            for (var d = 0; d < seen.Length; d++)
            {
                var dims = Get(cache, $"chat-{d:00}");
                Assert.Equal($"chat-{d:00}", dims.Deployment);
                Assert.Same(seen[d] ??= dims, dims);
            }
        }

        Assert.Equal(40, cache.Misses); // two ways per bucket: no two of these 40 evict each other
    }

    [Fact]
    public void Get_LongFieldsDifferingOnlyInTheMiddle_AreKeptApart()
    {
        var cache = new DimsCache(new StringPool());
        var a = Resource.ToArray();
        var b = Resource.ToArray();
        b[b.Length / 2] = (byte)'X'; // same length, first and last eight bytes: the same hash, different values

        Assert.Equal(DimsCache.Hash(TelemetrySource.AzureOpenAI, default, default, default, default, a, default),
            DimsCache.Hash(TelemetrySource.AzureOpenAI, default, default, default, default, b, default));
        var da = Get(cache, "d", a);
        var db = Get(cache, "d", b);
        Assert.NotSame(da, db);
        Assert.Equal(Encoding.UTF8.GetString(a), da.Resource);
        Assert.Equal(Encoding.UTF8.GetString(b), db.Resource);
        Assert.Same(da, Get(cache, "d", a));
        Assert.Same(db, Get(cache, "d", b));
    }

    [Fact]
    public void Get_EmptyFieldsAndOtherSource_AreDistinctCombinations()
    {
        var cache = new DimsCache(new StringPool());
        var withOperation = Get(cache, "d", operation: "chat");
        var without = Get(cache, "d", operation: string.Empty);
        var other = cache.Get(TelemetrySource.AppInsights, "d"u8, "gpt-4o"u8, "2024-08-06"u8, "chat"u8, Resource, default);

        Assert.NotSame(withOperation, without);
        Assert.Equal(string.Empty, without.Operation);
        Assert.Equal(TelemetrySource.AppInsights, other.Source);
        Assert.NotSame(withOperation, other);
    }
}
