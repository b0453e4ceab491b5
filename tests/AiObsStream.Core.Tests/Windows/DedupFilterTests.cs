using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Windows;

public class DedupFilterTests
{
    [Fact]
    public void TryAdd_SameKeyTwice_SecondIsDuplicate()
    {
        var f = new DedupFilter(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6));
        Assert.True(f.TryAdd(42, 1_000));
        Assert.False(f.TryAdd(42, 1_000));
        Assert.True(f.TryAdd(43, 1_000));
        Assert.Equal(2, f.Count);
    }

    [Fact]
    public void TryAdd_KeyZero_NeverDeduplicated()
    {
        var f = new DedupFilter(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6));
        Assert.True(f.TryAdd(0, 1_000));
        Assert.True(f.TryAdd(0, 1_000));
    }

    [Fact]
    public void Expire_ReleasesBucketsPastRetention_KeepsRecentOnes()
    {
        var f = new DedupFilter(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6));
        f.TryAdd(1, 10_000);      // bucket [0, 60s)
        f.TryAdd(2, 400_000);     // bucket [360s, 420s)
        f.Expire(60_000 + 360_000 - 1);
        Assert.Equal(2, f.Count);
        f.Expire(60_000 + 360_000);
        Assert.Equal(1, f.Count);
        Assert.True(f.TryAdd(1, 10_000)); // forgotten: a record that old is rejected as late before it gets here
        Assert.False(f.TryAdd(2, 400_000));
    }
}
