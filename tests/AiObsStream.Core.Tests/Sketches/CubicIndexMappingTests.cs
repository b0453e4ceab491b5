using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

public class CubicIndexMappingTests
{
    [Theory]
    [InlineData(0.005)]
    [InlineData(0.01)]
    [InlineData(0.0001)]
    [InlineData(0.5)]
    public void Value_OfIndex_WithinRelativeAccuracyOverTheWholeDoubleRange(double accuracy)
    {
        var mapping = new CubicIndexMapping(accuracy);
        var rng = new Random(11);
        for (var i = 0; i < 200_000; i++)
        {
            // Random exponent and significand bits: every binade from the smallest indexable to 1e300.
            var v = Math.ScaleB(1.0 + rng.NextDouble(), rng.Next(-1020, 997));
            var index = mapping.Index(v);
            var estimate = mapping.Value(index);
            Assert.True(Math.Abs(estimate - v) <= accuracy * v * (1 + 1e-9), $"v={v:R} index={index} estimate={estimate:R}");
            Assert.True(mapping.LowerBound(index) <= v * (1 + 1e-12) && v < mapping.LowerBound(index + 1) * (1 + 1e-12));
        }
    }

    [Fact]
    public void Index_IsMonotonicAcrossBinBoundaries()
    {
        var mapping = CubicIndexMapping.Default;
        var previous = int.MinValue;
        for (var v = 1e-6; v < 1e6; v *= 1.0007)
        {
            var index = mapping.Index(v);
            Assert.True(index >= previous, $"v={v:R}");
            previous = index;
        }
    }

    [Fact]
    public void Index_BinsPerBinade_CloseToTheLogarithmicOptimum()
    {
        // An exact log mapping needs ln 2 / ln gamma bins per factor of 2; the cubic one about 1 % more.
        var mapping = CubicIndexMapping.Default;
        var gamma = (1 + 0.005) / (1 - 0.005);
        var optimal = Math.Log(2) / Math.Log(gamma);

        var bins = mapping.Index(1024.0) - mapping.Index(512.0);

        Assert.InRange(bins, optimal, optimal * 1.02);
    }

    [Fact]
    public void MinIndexableValue_IsJustAboveTheSmallestNormal()
    {
        var mapping = CubicIndexMapping.Default;

        Assert.InRange(mapping.MinIndexableValue, 2.2250738585072014E-308, 2.3e-308);
        Assert.True(double.IsFinite(mapping.Value(mapping.Index(mapping.MinIndexableValue * 1.0001))));
    }
}
