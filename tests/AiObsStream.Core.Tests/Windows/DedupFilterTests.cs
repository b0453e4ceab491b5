using AiObsStream.Core.Windows;
using FsCheck;
using FsCheck.Fluent;

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

    [Fact]
    public void TryAdd_AnyTimesAndExpiries_AnswersAsOneSetPerBucket_AndSavesTheSameBytes()
    {
        // The filter keeps a bucket's keys in time slices (and restored keys apart): it must answer, count and save
        // exactly as one set per bucket would, for any arrival order, expiry and checkpoint round trip.
        var property = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var bucketMs = random.Next(3) switch { 0 => 1_000L, 1 => 60_000L, _ => random.Next(1_000, 200_000) };
            var (bucket, retention) = (TimeSpan.FromMilliseconds(bucketMs), TimeSpan.FromMilliseconds(random.Next(0, 400_000)));
            var filter = new DedupFilter(bucket, retention);
            var reference = new ReferenceDedup(bucketMs, (long)retention.TotalMilliseconds);
            var t = (long)random.Next(-5_000_000, 5_000_000);
            var keys = new List<(ulong Key, long Time)>();
            for (var i = random.Next(0, 3_000); i > 0; i--)
            {
                t += random.Next(8) == 0 ? random.Next(-300_000, 300_000) : random.Next(0, 200);
                var (key, time) = random.Next(4) == 0 && keys.Count > 0
                    ? keys[random.Next(keys.Count)] // a duplicate: same key, same time
                    : ((ulong)random.Next(0, 2_000), t);
                keys.Add((key, time));
                Assert.Equal(reference.TryAdd(key, time), filter.TryAdd(key, time));
                if (random.Next(100) == 0)
                {
                    var watermark = t - random.Next(0, 500_000);
                    filter.Expire(watermark);
                    reference.Expire(watermark);
                }

                if (random.Next(300) == 0)
                {
                    filter = RoundTrip(filter, bucket, retention);
                }

                Assert.Equal(reference.Count, filter.Count);
            }

            Assert.Equal(Save(RoundTrip(filter, bucket, retention)), Save(filter));
            var uninterrupted = new DedupFilter(bucket, retention);
            foreach (var (key, set) in reference.Buckets)
            {
                foreach (var k in set)
                {
                    uninterrupted.TryAdd(k, key * bucketMs);
                }
            }

            Assert.Equal(Save(uninterrupted), Save(filter));
            return true;
        }).Check(property);
    }

    [Fact]
    public void RestoreState_RestoredKeys_StayDuplicates_AndNewKeysAreKept()
    {
        var f = new DedupFilter(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6));
        Assert.True(f.TryAdd(7, 1_000));
        Assert.True(f.TryAdd(8, 59_999));
        var restored = RoundTrip(f, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6));
        Assert.False(restored.TryAdd(7, 1_000));
        Assert.False(restored.TryAdd(8, 59_999));
        Assert.True(restored.TryAdd(9, 30_000));
        Assert.False(restored.TryAdd(9, 30_000));
        Assert.Equal(3, restored.Count);
        restored.Expire(long.MaxValue);
        Assert.Equal(0, restored.Count);
        Assert.True(restored.TryAdd(7, 1_000));
    }

    private static DedupFilter RoundTrip(DedupFilter filter, TimeSpan bucket, TimeSpan retention)
    {
        var copy = new DedupFilter(bucket, retention);
        using var reader = new BinaryReader(new MemoryStream(Save(filter)));
        copy.RestoreState(reader);
        return copy;
    }

    private static byte[] Save(DedupFilter filter)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            filter.SaveState(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The filter before its sets were sliced: one set per bucket.</summary>
    private sealed class ReferenceDedup(long bucketMs, long retentionMs)
    {
        public SortedDictionary<long, HashSet<ulong>> Buckets { get; } = [];

        public int Count => Buckets.Values.Sum(s => s.Count);

        public bool TryAdd(ulong key, long time)
        {
            if (key == 0)
            {
                return true;
            }

            var b = WindowSpec.FloorDiv(time, bucketMs);
            if (!Buckets.TryGetValue(b, out var set))
            {
                Buckets[b] = set = [];
            }

            return set.Add(key);
        }

        public void Expire(long watermark)
        {
            foreach (var b in Buckets.Keys.Where(b => ((b + 1) * bucketMs) + retentionMs <= watermark).ToList())
            {
                Buckets.Remove(b);
            }
        }
    }
}
