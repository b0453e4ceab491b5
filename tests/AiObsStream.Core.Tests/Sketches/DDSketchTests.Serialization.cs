using AiObsStream.Core.Sketches;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Sketches;

public partial class DDSketchTests
{
    [Theory]
    [InlineData("lognormal")]
    [InlineData("mixed")]
    [InlineData("zero")]
    [InlineData("tiny")]
    public void WriteTo_ReadFrom_RoundTripIsExact(string distribution)
    {
        var sketch = SketchTestData.SketchOf(SketchTestData.Generate(distribution, 20_000), 0.005, 256);
        sketch.Add(double.NaN);
        var bytes = SketchTestData.Serialize(sketch);

        ReadOnlySpan<byte> source = bytes;
        var copy = DDSketch.ReadFrom(ref source);

        Assert.True(source.IsEmpty);
        Assert.Equal(bytes, SketchTestData.Serialize(copy));
        Assert.Equal(sketch.Count, copy.Count);
        Assert.Equal(sketch.Sum, copy.Sum);
        Assert.Equal(sketch.Min, copy.Min);
        Assert.Equal(sketch.Max, copy.Max);
        Assert.Equal(1, copy.RejectedValues);
        Assert.Equal(sketch.MaxBins, copy.MaxBins);
        Assert.Equal(sketch.RelativeAccuracy, copy.RelativeAccuracy);
        Assert.Equal(sketch.IsCollapsed, copy.IsCollapsed);
        for (var q = 0.0; q <= 1.0; q += 0.05)
        {
            Assert.Equal(sketch.GetQuantile(q), copy.GetQuantile(q));
        }

        Assert.True(bytes.Length <= sketch.GetMaxSerializedSize());
    }

    [Fact]
    public void WriteTo_Empty_RoundTripsAndIsSmall()
    {
        var bytes = SketchTestData.Serialize(new DDSketch());
        ReadOnlySpan<byte> source = bytes;

        var copy = DDSketch.ReadFrom(ref source);

        Assert.True(copy.IsEmpty);
        Assert.True(double.IsNaN(copy.Min));
        Assert.True(bytes.Length <= 48, $"{bytes.Length} bytes");
        Assert.Equal(DDSketch.SerializationFormatVersion, bytes[0]);
    }

    [Fact]
    public void WriteTo_LatencyLikeData_IsCompact()
    {
        // 100k latencies spanning about three decades: a few hundred bins of 1 to 3 bytes each.
        var sketch = SketchTestData.SketchOf(SketchTestData.Generate("lognormal", 100_000));

        var bytes = SketchTestData.Serialize(sketch);

        Assert.True(bytes.Length < 2_500, $"{bytes.Length} bytes");
    }

    [Fact]
    public void ReadFrom_TwoSketchesBackToBack_AdvancesPastEach()
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        SketchTestData.SketchOf([1.0, 2.0]).WriteTo(writer);
        SketchTestData.SketchOf([-5.0]).WriteTo(writer);
        var source = writer.WrittenSpan;

        var first = DDSketch.ReadFrom(ref source);
        var second = DDSketch.ReadFrom(ref source);

        Assert.Equal(2, first.Count);
        Assert.Equal(-5.0, second.Max);
        Assert.True(source.IsEmpty);
    }

    [Fact]
    public void TryReadFrom_EveryTruncation_FailsWithoutThrowingOrAdvancing()
    {
        var bytes = SketchTestData.Serialize(SketchTestData.SketchOf([-1.0, 0.0, 1.0, 1000.0]));

        for (var length = 0; length < bytes.Length; length++)
        {
            ReadOnlySpan<byte> source = bytes.AsSpan(0, length);
            Assert.False(DDSketch.TryReadFrom(ref source, out var sketch, out var error));
            Assert.Null(sketch);
            Assert.StartsWith("DDSketch:", error, StringComparison.Ordinal);
            Assert.Equal(length, source.Length);
        }
    }

    [Fact]
    public void ReadFrom_UnknownVersion_ThrowsFormatException()
    {
        var bytes = SketchTestData.Serialize(SketchTestData.SketchOf([1.0]));
        bytes[0] = 2;

        Assert.Throws<FormatException>(() =>
        {
            ReadOnlySpan<byte> source = bytes;
            DDSketch.ReadFrom(ref source);
        });
    }

    [Fact]
    public void TryReadFrom_Property_NeverThrowsOnAnyBytes()
    {
        var valid = SketchTestData.Serialize(SketchTestData.SketchOf([-3.0, 0.5, 2.0, 1e6]));

        // Random bytes, and valid bytes with one byte flipped (the interesting neighbourhood).
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            ReadOnlySpan<byte> source = bytes;
            _ = DDSketch.TryReadFrom(ref source, out _, out _);
        }).Check(PropertyConfig);
        Prop.ForAll(Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Choose(0, 255)).ToArbitrary(), t =>
        {
            var mutated = (byte[])valid.Clone();
            mutated[t.Item1] = (byte)t.Item2;
            ReadOnlySpan<byte> source = mutated;
            if (DDSketch.TryReadFrom(ref source, out var sketch, out _))
            {
                _ = sketch.GetQuantile(0.5);
            }
        }).Check(PropertyConfig);
    }
}
