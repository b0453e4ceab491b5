using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

public class CollapsingLowestDenseStoreTests
{
    [Fact]
    public void Add_RangeWiderThanMaxBins_CollapsesLowestIntoOneBin()
    {
        var store = new CollapsingLowestDenseStore(8);
        for (var i = 0; i < 20; i++)
        {
            store.Add(i, 1);
        }

        Assert.True(store.IsCollapsed);
        Assert.Equal(12, store.MinIndex);
        Assert.Equal(19, store.MaxIndex);
        Assert.Equal(13, store.CountAt(12)); // bins 0..12
        Assert.Equal(20, store.TotalCount);
        Assert.True(store.AllocatedBins <= 8);
    }

    [Fact]
    public void Add_LowIndexAfterCollapse_CountedInLowestBin()
    {
        var store = new CollapsingLowestDenseStore(4);
        store.Add(100, 1);
        store.Add(90, 2);

        store.Add(-1000, 5);

        Assert.Equal(97, store.MinIndex);
        Assert.Equal(7, store.CountAt(97));
        Assert.Equal(1, store.CountAt(100));
    }

    [Fact]
    public void Add_HugeJumpUp_CollapsesEverythingBelow()
    {
        var store = new CollapsingLowestDenseStore(16);
        store.Add(0, 3);
        store.Add(5, 4);

        store.Add(1_000_000, 1);

        Assert.Equal(1_000_000 - 15, store.MinIndex);
        Assert.Equal(7, store.CountAt(1_000_000 - 15));
        Assert.Equal(8, store.TotalCount);
    }

    [Fact]
    public void Add_AlternatingEnds_KeepsEveryCountWhileWithinBound()
    {
        var store = new CollapsingLowestDenseStore(2048);
        for (var i = 0; i < 1000; i++)
        {
            store.Add(i, 1);
            store.Add(-i, 2);
        }

        Assert.False(store.IsCollapsed);
        Assert.Equal(3, store.CountAt(0));
        Assert.Equal(1, store.CountAt(999));
        Assert.Equal(2, store.CountAt(-999));
        Assert.Equal(3000, store.TotalCount);
        Assert.True(store.AllocatedBins <= 2048);
    }

    [Fact]
    public void MergeFrom_CombinedRangeTooWide_CollapsesLikeSequentialAdds()
    {
        var a = new CollapsingLowestDenseStore(8);
        var b = new CollapsingLowestDenseStore(8);
        var sequential = new CollapsingLowestDenseStore(8);
        for (var i = 0; i < 6; i++)
        {
            a.Add(i, i + 1);
            b.Add(i + 10, 1);
            sequential.Add(i, i + 1);
        }

        for (var i = 0; i < 6; i++)
        {
            sequential.Add(i + 10, 1);
        }

        a.MergeFrom(b);

        Assert.Equal(sequential.MinIndex, a.MinIndex);
        Assert.Equal(sequential.HeldCounts.ToArray(), a.HeldCounts.ToArray());
        Assert.Equal(27, a.TotalCount);
    }

    [Fact]
    public void Clear_KeepsArrayAndEmptiesCounts()
    {
        var store = new CollapsingLowestDenseStore(64);
        store.Add(5, 1);
        store.Add(40, 1);
        var allocated = store.AllocatedBins;

        store.Clear();

        Assert.True(store.IsEmpty);
        Assert.Equal(0, store.TotalCount);
        Assert.Equal(allocated, store.AllocatedBins);
        Assert.Equal(0, store.CountAt(5));
    }

    [Fact]
    public void IndexAtRank_EitherScanDirection_MatchesNaiveCumulativeScan()
    {
        var rng = new Random(5);
        var store = new CollapsingLowestDenseStore(256);
        var counts = new long[100];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = rng.Next(4); // zeros included
            if (counts[i] > 0)
            {
                store.Add(i - 50, counts[i]);
            }
        }

        for (var rank = 0.0; rank < store.TotalCount; rank += 0.25)
        {
            Assert.Equal(Naive(counts, rank, ascending: true) - 50, store.IndexAtRankAscending(rank));
            Assert.Equal(Naive(counts, rank, ascending: false) - 50, store.IndexAtRankDescending(rank));
        }
    }

    private static int Naive(long[] counts, double rank, bool ascending)
    {
        long cumulative = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            var i = ascending ? k : counts.Length - 1 - k;
            cumulative += counts[i];
            if (cumulative > rank)
            {
                return i;
            }
        }

        throw new InvalidOperationException("rank beyond total");
    }
}
