using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

public partial class DDSketchTests
{
    [Theory]
    [InlineData("uniform")]
    [InlineData("lognormal")]
    [InlineData("pareto")]
    [InlineData("constant")]
    [InlineData("zero")]
    [InlineData("negative")]
    [InlineData("mixed")]
    [InlineData("tiny")]
    public void GetQuantile_Distribution_WithinRelativeAccuracyOfExactSort(string distribution)
    {
        var data = SketchTestData.Generate(distribution, 100_000);
        var sketch = SketchTestData.SketchOf(data);

        foreach (var q in SketchTestData.Quantiles)
        {
            SketchTestData.AssertWithinBound(sketch, data, q);
        }
    }

    [Theory]
    [InlineData("lognormal", 0.01, 2048)]
    [InlineData("mixed", 0.001, 16_384)]
    [InlineData("pareto", 0.02, 2048)]
    public void GetQuantile_OtherAccuracies_WithinTheirBound(string distribution, double accuracy, int maxBins)
    {
        // Finer accuracies need more bins for the same range (mixed at 0.001 spans about 7,000 bins per sign).
        var data = SketchTestData.Generate(distribution, 50_000, seed: 7);
        var sketch = SketchTestData.SketchOf(data, accuracy, maxBins);

        for (var q = 0.0; q <= 1.0; q += 0.01)
        {
            SketchTestData.AssertWithinBound(sketch, data, q);
        }
    }

    [Theory]
    [InlineData(new[] { 7.25 })]
    [InlineData(new[] { 1.0, 100.0 })]
    [InlineData(new[] { 3.0, 1.0, 2.0 })]
    [InlineData(new[] { -5.0, 0.0, 5.0 })]
    [InlineData(new[] { 0.0, -1e-3 })]
    public void GetQuantile_SmallCounts_WithinBoundAndExactAtEnds(double[] values)
    {
        var sketch = SketchTestData.SketchOf(values);

        foreach (var q in new[] { 0.0, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0 })
        {
            SketchTestData.AssertWithinBound(sketch, values, q);
        }

        Assert.Equal(values.Min(), sketch.GetQuantile(0));
        Assert.Equal(values.Max(), sketch.GetQuantile(1));
    }

    [Fact]
    public void GetQuantile_SingleValue_ReturnsItExactlyForEveryQ()
    {
        var sketch = new DDSketch();
        sketch.Add(123.456);

        Assert.Equal(123.456, sketch.GetQuantile(0.5));
        Assert.Equal(123.456, sketch.GetQuantile(0.99));
    }

    [Fact]
    public void GetQuantile_TwoValues_UsesLowerRank()
    {
        var sketch = SketchTestData.SketchOf([10.0, 1000.0]);

        // rank = 0.5 * (2 - 1) = 0.5: the lower-rank convention picks the first value, not an interpolation.
        Assert.InRange(sketch.GetQuantile(0.5), 10.0, 10.0 * (1 + DDSketch.DefaultRelativeAccuracy));
        Assert.InRange(sketch.GetQuantile(0.99), 10.0, 10.0 * (1 + DDSketch.DefaultRelativeAccuracy));
    }

    [Fact]
    public void Empty_QuantileMinMax_AreNaN()
    {
        var sketch = new DDSketch();

        Assert.True(sketch.IsEmpty);
        Assert.Equal(0, sketch.Count);
        Assert.Equal(0, sketch.Sum);
        Assert.True(double.IsNaN(sketch.GetQuantile(0.5)));
        Assert.True(double.IsNaN(sketch.Min));
        Assert.True(double.IsNaN(sketch.Max));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void GetQuantile_QOutsideUnitInterval_Throws(double q)
    {
        var sketch = SketchTestData.SketchOf([1.0]);

        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.GetQuantile(q));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-7)]
    [InlineData(0.6)]
    public void Constructor_AccuracyOutOfRange_Throws(double accuracy)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DDSketch(accuracy, 2048));
    }

    [Fact]
    public void Constructor_MaxBinsNotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DDSketch(0.01, 0));
    }

    [Fact]
    public void CountSumMinMax_MixedValues_AreExact()
    {
        var sketch = SketchTestData.SketchOf([3.5, -2.0, 0.0, 1e-320, 10.0]);

        Assert.Equal(5, sketch.Count);
        Assert.Equal(11.5, sketch.Sum, 12);
        Assert.Equal(-2.0, sketch.Min);
        Assert.Equal(10.0, sketch.Max);
    }

    [Fact]
    public void AddWithCount_SameAsRepeatedAdd()
    {
        var repeated = SketchTestData.SketchOf([2.5, 2.5, 2.5, 2.5, -1.0, -1.0, 0.0]);
        var weighted = new DDSketch();
        weighted.Add(2.5, 4);
        weighted.Add(-1.0, 2);
        weighted.Add(0.0, 1);
        weighted.Add(9.0, 0);

        Assert.Equal(SketchTestData.Serialize(repeated), SketchTestData.Serialize(weighted));
    }

    [Fact]
    public void AddWithCount_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DDSketch().Add(1.0, -1));
    }

    [Fact]
    public void Add_NaNAndInfinity_IgnoredAndCounted()
    {
        var sketch = new DDSketch();
        sketch.Add(double.NaN);
        sketch.Add(double.PositiveInfinity);
        sketch.Add(double.NegativeInfinity);
        sketch.Add(double.NaN, 5);
        sketch.Add(4.0);

        Assert.Equal(8, sketch.RejectedValues);
        Assert.Equal(1, sketch.Count);
        Assert.Equal(4.0, sketch.Sum);
        Assert.Equal(4.0, sketch.GetQuantile(0.5));
    }

    [Fact]
    public void Add_ExtremeFiniteValues_QuantilesClampedToExactMinMax()
    {
        var sketch = SketchTestData.SketchOf([double.MaxValue, double.MaxValue, -double.MaxValue, double.Epsilon]);

        // Sorted: -Max, Epsilon, Max, Max. The representative of Max's bin overflows; the clamp keeps it finite.
        Assert.Equal(double.MaxValue, sketch.Max);
        Assert.Equal(double.MaxValue, sketch.GetQuantile(0.9));
        Assert.Equal(-double.MaxValue, sketch.GetQuantile(0.1));
        Assert.Equal(0.0, sketch.GetQuantile(0.5)); // the subnormal is counted as zero
    }
}
