using AiObsStream.Core.Forecasting;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Forecasting;

public class HourBucketTests
{
    [Fact]
    public void AddWindow_CountsEachStartOnce_InAscendingOrder()
    {
        var bucket = new HourBucket();
        Assert.True(bucket.AddWindow(120_000));
        Assert.True(bucket.AddWindow(0));
        Assert.False(bucket.AddWindow(120_000));
        Assert.True(bucket.AddWindow(60_000));
        Assert.True(bucket.AddWindow(180_000));
        Assert.Equal(4, bucket.WindowCount);
        Assert.Equal([0L, 60_000L, 120_000L, 180_000L], bucket.Windows.ToArray());
    }

    [Fact]
    public void AddWindow_AnyOrder_TheSetOfStarts_Property()
    {
        Prop.ForAll(Gen.Choose(-5, 70).Select(m => m * 60_000L).ListOf().Select(l => l.ToList()).ToArbitrary(), starts =>
        {
            var bucket = new HourBucket();
            var expected = new SortedSet<long>();
            foreach (var start in starts)
            {
                if (bucket.AddWindow(start) != expected.Add(start))
                {
                    return false;
                }
            }

            return bucket.WindowCount == expected.Count && bucket.Windows.ToArray().SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }
}
