using AiObsStream.Core.Events;

namespace AiObsStream.Core.Tests;

public class StableHash64Tests
{
    [Fact]
    public void Of_SameTextAsStringAndSpan_SameHash()
    {
        Assert.Equal(StableHash64.Of("chat-prod"), StableHash64.Of("chat-prod".AsSpan()));
        Assert.NotEqual(StableHash64.Of("chat-prod"), StableHash64.Of("chat-prot"));
    }

    [Fact]
    public void Of_KnownValue_IsStableAcrossRuns()
    {
        // A fixed expectation: the hash feeds AlertIds that must not change between releases or machines.
        Assert.Equal(StableHash64.Of(""), StableHash64.Mix(14695981039346656037UL));
        Assert.Equal(StableHash64.Of("a"), StableHash64.Of("a"));
    }

    [Fact]
    public void DimsPool_EqualKeys_ShareOneInstance()
    {
        var pool = new DimsPool();
        var a = pool.Intern(new DimsKey(TelemetrySource.Log, "d", "m", "v", "op", "r", "h", "g"));
        var b = pool.Intern(new DimsKey(TelemetrySource.Log, "d", "m", "v", "op", "r", "h", "g"));
        var c = pool.Intern(new DimsKey(TelemetrySource.DCGM, "d", "m", "v", "op", "r", "h", "g"));
        Assert.Same(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a.StableHash, c.StableHash);
    }
}
