using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

/// <summary>
/// The one-walk quantiles every metric row reports (<see cref="DDSketch.GetReportedQuantiles"/>) and the remembered bin
/// representatives (<see cref="CubicIndexMapping.Value"/>) must answer bit for bit what the per-quantile path computes.
/// </summary>
public class ReportedQuantilesTests
{
    public static TheoryData<string, int> Shapes => new()
    {
        { "uniform", 1 }, { "uniform", 2 }, { "uniform", 4 }, { "uniform", 31 }, { "uniform", 5_000 },
        { "lognormal", 3 }, { "lognormal", 40 }, { "lognormal", 20_000 },
        { "pareto", 7 }, { "pareto", 20_000 },
        { "constant", 1 }, { "constant", 1_000 },
        { "zero", 5 }, { "negative", 100 }, { "mixed", 1_000 }, { "tiny", 500 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GetReportedQuantiles_EqualsGetQuantileBitForBit(string distribution, int n)
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var sketch = SketchTestData.SketchOf(SketchTestData.Generate(distribution, n, seed));
            AssertSame(sketch);
            sketch.ToDense(); // the dense walk too, over the same bins
            AssertSame(sketch);
        }
    }

    [Fact]
    public void GetReportedQuantiles_CollapsedAndNarrowSketches_EqualGetQuantile()
    {
        var values = SketchTestData.Generate("pareto", 10_000, 3);
        foreach (var maxBins in new[] { 1, 2, 16, 64 })
        {
            var sketch = SketchTestData.SketchOf(values, maxBins: maxBins);
            Assert.True(maxBins > 1000 || sketch.IsCollapsed);
            AssertSame(sketch);
        }
    }

    [Fact]
    public void GetReportedQuantiles_Empty_IsNaN()
    {
        var sketch = new DDSketch();
        sketch.Add(double.NaN); // rejected: still empty

        sketch.GetReportedQuantiles(out var p50, out var p90, out var p95, out var p99);

        Assert.True(double.IsNaN(p50) && double.IsNaN(p90) && double.IsNaN(p95) && double.IsNaN(p99));
    }

    [Fact]
    public void GetReportedQuantiles_AfterClearAndReuse_EqualsGetQuantile()
    {
        var sketch = SketchTestData.SketchOf(SketchTestData.Generate("lognormal", 3_000, 9));
        sketch.Clear();
        foreach (var v in SketchTestData.Generate("uniform", 17, 4))
        {
            sketch.Add(v, 3);
        }

        AssertSame(sketch);
    }

    [Fact]
    public void GetReportedQuantiles_NonDefaultAccuracy_EqualsGetQuantile()
    {
        foreach (var accuracy in new[] { 1e-6, 0.01, 0.5 })
        {
            AssertSame(SketchTestData.SketchOf(SketchTestData.Generate("lognormal", 2_000, 5), accuracy));
        }
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.02)]
    [InlineData(1e-6)] // too many bins to remember: computed every time
    public void Value_Remembered_EqualsTheComputedRepresentative(double accuracy)
    {
        var mapping = new CubicIndexMapping(accuracy);
        var rng = new Random(17);
        var indices = new int[5_000];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = mapping.Index(Math.ScaleB(1.0 + rng.NextDouble(), rng.Next(-1020, 1023)));
        }

        indices[0] = mapping.Index(mapping.MinIndexableValue * 1.0001);
        indices[1] = mapping.Index(double.MaxValue);
        foreach (var index in indices)
        {
            var expected = mapping.LowerBound(index) * (1 + accuracy);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(mapping.Value(index))); // computes
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(mapping.Value(index))); // remembered
        }
    }

    [Fact]
    public void Value_FilledFromManyThreads_EqualsTheComputedRepresentative()
    {
        // The shared default mapping is filled by every partition at once; a fresh one stands for it here.
        var mapping = new CubicIndexMapping(DDSketch.DefaultRelativeAccuracy);
        var lo = mapping.Index(1e-3);
        var hi = mapping.Index(1e6);
        Parallel.For(0, 8, worker =>
        {
            for (var index = lo + worker; index <= hi; index += 3)
            {
                _ = mapping.Value(index);
            }
        });

        for (var index = lo; index <= hi; index++)
        {
            var expected = mapping.LowerBound(index) * (1 + mapping.RelativeAccuracy);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(mapping.Value(index)));
        }
    }

    private static void AssertSame(DDSketch sketch)
    {
        sketch.GetReportedQuantiles(out var p50, out var p90, out var p95, out var p99);
        AssertBits(sketch.GetQuantile(0.50), p50);
        AssertBits(sketch.GetQuantile(0.90), p90);
        AssertBits(sketch.GetQuantile(0.95), p95);
        AssertBits(sketch.GetQuantile(0.99), p99);
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
