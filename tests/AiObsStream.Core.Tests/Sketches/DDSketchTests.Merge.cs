using AiObsStream.Core.Sketches;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Sketches;

public partial class DDSketchTests
{
    private static readonly Config PropertyConfig = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    // Integer-valued doubles (scaled by powers of two) keep Sum exact whatever the addition order, so merged sketches
    // can be compared byte for byte through their serialized form. Wide exponents make the 64-bin stores collapse.
    private static readonly Arbitrary<double[]> Values = Gen.ArrayOf(
            Gen.Zip(Gen.Choose(-1000, 1000), Gen.Choose(-12, 12)).Select(t => t.Item1 * Math.Pow(2, t.Item2)))
        .ToArbitrary();

    [Fact]
    public void MergeWith_TwoHalves_EqualsOneSketchOfEverything()
    {
        var data = SketchTestData.Generate("mixed", 30_000).Select(v => Math.Round(v)).ToArray();
        var all = SketchTestData.SketchOf(data);
        var left = SketchTestData.SketchOf(data.AsSpan(0, 12_345));
        var right = SketchTestData.SketchOf(data.AsSpan(12_345));

        left.MergeWith(right);

        Assert.Equal(SketchTestData.Serialize(all), SketchTestData.Serialize(left));
        SketchTestData.AssertWithinBound(left, data, 0.99);
    }

    [Fact]
    public void MergeWith_Property_EqualsInsertingEverything()
    {
        Prop.ForAll(Values, Values, (a, b) =>
        {
            var merged = SketchTestData.SketchOf(a, 0.01, 64);
            merged.MergeWith(SketchTestData.SketchOf(b, 0.01, 64));
            var all = SketchTestData.SketchOf([.. a, .. b], 0.01, 64);
            return SketchTestData.Serialize(merged).AsSpan().SequenceEqual(SketchTestData.Serialize(all));
        }).Check(PropertyConfig);
    }

    [Fact]
    public void MergeWith_Property_IsCommutative()
    {
        Prop.ForAll(Values, Values, (a, b) =>
        {
            var ab = SketchTestData.SketchOf(a, 0.01, 64);
            ab.MergeWith(SketchTestData.SketchOf(b, 0.01, 64));
            var ba = SketchTestData.SketchOf(b, 0.01, 64);
            ba.MergeWith(SketchTestData.SketchOf(a, 0.01, 64));
            return SketchTestData.Serialize(ab).AsSpan().SequenceEqual(SketchTestData.Serialize(ba));
        }).Check(PropertyConfig);
    }

    [Fact]
    public void MergeWith_Property_IsAssociative()
    {
        Prop.ForAll(Values, Values, Values, (a, b, c) =>
        {
            var left = SketchTestData.SketchOf(a, 0.01, 64);
            left.MergeWith(SketchTestData.SketchOf(b, 0.01, 64));
            left.MergeWith(SketchTestData.SketchOf(c, 0.01, 64));
            var bc = SketchTestData.SketchOf(b, 0.01, 64);
            bc.MergeWith(SketchTestData.SketchOf(c, 0.01, 64));
            var right = SketchTestData.SketchOf(a, 0.01, 64);
            right.MergeWith(bc);
            return SketchTestData.Serialize(left).AsSpan().SequenceEqual(SketchTestData.Serialize(right));
        }).Check(PropertyConfig);
    }

    [Fact]
    public void GetQuantile_Property_WithinBoundOfExactSort()
    {
        var nonEmpty = Values.Filter(v => v.Length > 0);
        Prop.ForAll(nonEmpty, Gen.Choose(0, 100).ToArbitrary(), (values, percent) =>
        {
            var sketch = SketchTestData.SketchOf(values, 0.01, 4096);
            SketchTestData.AssertWithinBound(sketch, values, percent / 100.0);
        }).Check(PropertyConfig);
    }

    [Fact]
    public void MergeWith_DifferentAccuracy_Throws()
    {
        var a = new DDSketch(0.01, 2048);
        var b = new DDSketch(0.005, 2048);
        b.Add(1.0);

        Assert.Throws<ArgumentException>(() => a.MergeWith(b));
    }

    [Fact]
    public void MergeWith_Self_DoublesEveryCount()
    {
        var data = new[] { -3.0, 0.0, 1.0, 2.0, 4.0 };
        var sketch = SketchTestData.SketchOf(data);

        sketch.MergeWith(sketch);

        Assert.Equal(SketchTestData.Serialize(SketchTestData.SketchOf([.. data, .. data])), SketchTestData.Serialize(sketch));
    }

    [Fact]
    public void MergeWith_EmptyEitherWay_KeepsContentAndRejectedCount()
    {
        var full = SketchTestData.SketchOf([1.0, 2.0, 3.0]);
        var empty = new DDSketch();
        empty.Add(double.NaN);

        full.MergeWith(empty);
        empty.MergeWith(full);

        Assert.Equal(3, full.Count);
        Assert.Equal(1, full.RejectedValues);
        Assert.Equal(3, empty.Count);
        Assert.Equal(2, empty.RejectedValues);
        Assert.Equal(full.GetQuantile(0.5), empty.GetQuantile(0.5));
    }
}
