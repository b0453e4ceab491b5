using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

/// <summary>
/// The sparse phase of <see cref="CollapsingLowestDenseStore"/>: few bins over a wide range cost a few pairs, and every
/// answer is the one the dense array gives for the same bins (checked by turning a copy dense).
/// </summary>
public class SparseStoreTests
{
    [Fact]
    public void Add_FewBinsOverWideRange_StaysSparseAndSmall()
    {
        var store = new CollapsingLowestDenseStore(2048);
        store.Add(-900, 2);
        store.Add(900, 1);
        store.Add(0, 4);
        store.Add(900, 1);

        Assert.True(store.IsSparse);
        Assert.Equal(4, store.AllocatedBins);
        Assert.Equal(-900, store.MinIndex);
        Assert.Equal(900, store.MaxIndex);
        Assert.Equal(8, store.TotalCount);
        Assert.Equal(2, store.CountAt(900));
        Assert.Equal(0, store.CountAt(1));
        Assert.Equal(1801, store.HeldLength);
    }

    [Fact]
    public void Add_MoreBinsThanPairLimit_TurnsDenseKeepingEveryCount()
    {
        var store = new CollapsingLowestDenseStore(2048);
        for (var i = 0; i <= CollapsingLowestDenseStore.SparseMaxPairs; i++)
        {
            store.Add(i * 3, i + 1);
        }

        Assert.False(store.IsSparse);
        for (var i = 0; i <= CollapsingLowestDenseStore.SparseMaxPairs; i++)
        {
            Assert.Equal(i + 1, store.CountAt(i * 3));
        }

        Assert.Equal(0, store.MinIndex);
        Assert.Equal(CollapsingLowestDenseStore.SparseMaxPairs * 3, store.MaxIndex);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(2048)]
    public void Add_RandomBins_SparseAndDenseGiveTheSameAnswers(int maxBins)
    {
        var rng = new Random(maxBins);
        for (var round = 0; round < 200; round++)
        {
            var sparse = new CollapsingLowestDenseStore(maxBins);
            var dense = new CollapsingLowestDenseStore(maxBins);
            dense.ToDense();
            var n = rng.Next(1, 45);
            var span = rng.Next(1, 3000);
            for (var k = 0; k < n; k++)
            {
                var index = rng.Next(-span, span);
                var count = rng.Next(1, 5);
                sparse.Add(index, count);
                dense.Add(index, count);
            }

            AssertSame(dense, sparse);
        }
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void MergeFrom_EitherRepresentation_LikeDenseMerge(bool targetSparse, bool sourceSparse)
    {
        var rng = new Random(7);
        foreach (var maxBins in new[] { 8, 64, 2048 })
        {
            for (var round = 0; round < 100; round++)
            {
                var target = RandomStore(rng, maxBins);
                var source = RandomStore(rng, maxBins);
                var expected = Copy(target, maxBins);
                expected.ToDense();
                var denseSource = Copy(source, maxBins);
                denseSource.ToDense();
                expected.MergeFrom(denseSource);

                if (!targetSparse)
                {
                    target.ToDense();
                }

                if (!sourceSparse)
                {
                    source.ToDense();
                }

                target.MergeFrom(source);

                AssertSame(expected, target);
            }
        }
    }

    [Fact]
    public void MergeFrom_Itself_DoublesEveryCount()
    {
        var store = new CollapsingLowestDenseStore(2048);
        store.Add(-5, 1);
        store.Add(700, 3);

        store.MergeFrom(store);

        Assert.True(store.IsSparse);
        Assert.Equal(2, store.CountAt(-5));
        Assert.Equal(6, store.CountAt(700));
        Assert.Equal(8, store.TotalCount);
    }

    [Fact]
    public void Clear_SparseStore_KeepsPairsAndRefillsWithoutAllocating()
    {
        var store = new CollapsingLowestDenseStore(2048);
        store.Add(1, 1);
        store.Add(500, 1);
        store.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        store.Add(-3, 1);
        store.Add(400, 2);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(store.IsSparse);
        Assert.Equal(3, store.TotalCount);
        Assert.Equal(-3, store.MinIndex);
    }

    [Theory]
    [InlineData("uniform", 4)]
    [InlineData("lognormal", 20)]
    [InlineData("mixed", 30)]
    [InlineData("pareto", 60)]
    public void Sketch_SparseAndDense_BitIdenticalQuantilesBinsAndBytes(string distribution, int n)
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var data = SketchTestData.Generate(distribution, n, seed);
            var sparse = SketchTestData.SketchOf(data);
            var dense = SketchTestData.SketchOf(data);
            dense.ToDense();

            for (var q = 0.0; q <= 1.0; q += 0.01)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(dense.GetQuantile(q)),
                    BitConverter.DoubleToInt64Bits(sparse.GetQuantile(q)));
            }

            Assert.Equal(SketchTestData.Serialize(dense), SketchTestData.Serialize(sparse));
            List<(double, long)> denseBins = [], sparseBins = [];
            dense.AppendBins(denseBins);
            sparse.AppendBins(sparseBins);
            Assert.Equal(denseBins, sparseBins);

            var span = (ReadOnlySpan<byte>)SketchTestData.Serialize(sparse);
            var restored = DDSketch.ReadFrom(ref span);
            Assert.Equal(SketchTestData.Serialize(dense), SketchTestData.Serialize(restored));
            Assert.Equal(dense.GetQuantile(0.99), restored.GetQuantile(0.99));
        }
    }

    private static CollapsingLowestDenseStore RandomStore(Random rng, int maxBins)
    {
        var store = new CollapsingLowestDenseStore(maxBins);
        var n = rng.Next(1, 40);
        var span = rng.Next(1, 1500);
        for (var k = 0; k < n; k++)
        {
            store.Add(rng.Next(-span, span) + rng.Next(-3, 3), rng.Next(1, 4));
        }

        return store;
    }

    private static CollapsingLowestDenseStore Copy(CollapsingLowestDenseStore store, int maxBins)
    {
        var copy = new CollapsingLowestDenseStore(maxBins);
        copy.Load(store.MinIndex, store.HeldCounts, store.TotalCount, store.IsCollapsed);
        return copy;
    }

    private static void AssertSame(CollapsingLowestDenseStore expected, CollapsingLowestDenseStore actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        Assert.Equal(expected.IsCollapsed, actual.IsCollapsed);
        Assert.Equal(expected.MinIndex, actual.MinIndex);
        Assert.Equal(expected.MaxIndex, actual.MaxIndex);
        Assert.Equal(expected.HeldCounts.ToArray(), actual.HeldCounts.ToArray());
        List<(int, long)> expectedBins = [], actualBins = [];
        foreach (var bin in expected.GetBins())
        {
            expectedBins.Add(bin);
        }

        foreach (var bin in actual.GetBins())
        {
            actualBins.Add(bin);
        }

        Assert.Equal(expectedBins, actualBins);
        for (var rank = 0.0; rank < expected.TotalCount; rank += 0.5)
        {
            Assert.Equal(expected.IndexAtRankAscending(rank), actual.IndexAtRankAscending(rank));
            Assert.Equal(expected.IndexAtRankDescending(rank), actual.IndexAtRankDescending(rank));
        }
    }
}
