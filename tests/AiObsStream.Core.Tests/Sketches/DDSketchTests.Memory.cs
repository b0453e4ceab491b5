using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

public partial class DDSketchTests
{
    [Fact]
    public void Add_ValuesSpanning1e_9To1e12_MemoryStaysBoundedAndHighQuantilesAccurate()
    {
        // 21 decades need about 4,880 bins at a = 0.005, more than the 2048 allowed: the lowest magnitudes collapse.
        var data = new double[200_000];
        for (var i = 0; i < data.Length; i++)
        {
            var v = Math.Pow(10, -9 + (21.0 * i / (data.Length - 1)));
            data[i] = i % 2 == 0 ? v : -v;
        }

        var sketch = SketchTestData.SketchOf(data);

        Assert.True(sketch.IsCollapsed);
        Assert.True(sketch.AllocatedBins <= 2 * DDSketch.DefaultMaxBins, $"allocated {sketch.AllocatedBins}");
        Assert.Equal(data.Length, sketch.Count);
        Assert.Equal(data.Min(), sketch.Min);
        Assert.Equal(data.Max(), sketch.Max);
        foreach (var q in new[] { 0.01, 0.05, 0.1, 0.9, 0.95, 0.99 })
        {
            // Large magnitudes (both tails) are far from the collapsed small-magnitude bins.
            SketchTestData.AssertWithinBound(sketch, data, q);
        }
    }

    [Fact]
    public void Add_ManyDistinctValues_ArrayGrowsOnDemandFromSmall()
    {
        var sketch = new DDSketch();
        Assert.Equal(0, sketch.AllocatedBins);

        sketch.Add(100.0);
        Assert.Equal(2, sketch.AllocatedBins); // a sparse store starts with room for two (index, count) pairs

        for (var v = 1.0; v < 1000.0; v *= 1.001)
        {
            sketch.Add(v);
        }

        // Three decades: about 700 bins (a bin spans a factor of 1.01); the array at most doubles what is needed; no negative array was allocated.
        var needed = CubicIndexMapping.Default.Index(1000.0) - CubicIndexMapping.Default.Index(1.0) + 1;
        Assert.InRange(needed, 690, 710);
        Assert.InRange(sketch.AllocatedBins, needed, 2 * needed);
    }

    [Fact]
    public void Clear_ThenRefill_SameResultAsFreshSketchWithoutAllocating()
    {
        var first = SketchTestData.Generate("lognormal", 20_000, seed: 1);
        var second = SketchTestData.Generate("mixed", 20_000, seed: 2);
        var sketch = SketchTestData.SketchOf(first);
        sketch.Add(double.NaN);
        var warm = SketchTestData.SketchOf(second);
        sketch.MergeWith(warm); // grow the arrays to cover the second data set too

        sketch.Clear();
        Assert.True(sketch.IsEmpty);
        Assert.Equal(0, sketch.RejectedValues);
        Assert.True(double.IsNaN(sketch.GetQuantile(0.5)));

        // One unmeasured refill first: the runtime may allocate while it first compiles and promotes the loop (tiered
        // JIT, on a loaded machine); steady-state reuse is what must not allocate.
        foreach (var v in second)
        {
            sketch.Add(v);
        }

        sketch.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var v in second)
        {
            sketch.Add(v);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        var fresh = SketchTestData.SketchOf(second);
        foreach (var q in new[] { 0.0, 0.1, 0.5, 0.9, 0.99, 1.0 })
        {
            Assert.Equal(fresh.GetQuantile(q), sketch.GetQuantile(q));
        }

        Assert.Equal(fresh.Count, sketch.Count);
        Assert.Equal(fresh.Sum, sketch.Sum);
    }

    [Fact]
    public void Add_SteadyState_DoesNotAllocate()
    {
        var data = SketchTestData.Generate("pareto", 10_000);
        var sketch = SketchTestData.SketchOf(data);

        // The least of up to 5 rounds: a steady-state allocation shows in every round, a one-off of the runtime
        // (a tier-up under load) in one at most.
        var least = long.MaxValue;
        for (var round = 0; round < 5 && least != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var v in data)
            {
                sketch.Add(v);
            }

            _ = sketch.GetQuantile(0.99);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
    }
}
