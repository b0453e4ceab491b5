using System.Buffers;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>
/// An accumulator holds its first values inline and turns them into a sketch later; its distribution must be, byte for
/// byte, the sketch that was fed every value from the start (quantiles, copies and checkpoints depend on it).
/// </summary>
public class InlineDistributionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(MetricAccumulator.InlineValues)]
    [InlineData(MetricAccumulator.InlineValues + 1)]
    [InlineData(50)]
    public void Distribution_AnyNumberOfValues_SerializesAsTheSketchFedTheSameValues(int n)
    {
        var rng = new Random(n + 1);
        var acc = new MetricAccumulator { Percentiles = true };
        var expected = new DDSketch();
        for (var i = 0; i < n; i++)
        {
            // Non-finite values too: the sketch counts them as rejected, so they must reach it in the same way.
            var value = i % 7 == 3 ? double.NaN : i % 11 == 5 ? -rng.NextDouble() : rng.NextDouble() * 1000;
            acc.Add(value);
            expected.Add(value);
        }

        var actual = acc.Distribution(new DDSketch());

        Assert.Equal(Bytes(expected), Bytes(actual));
        Assert.Equal(n > MetricAccumulator.InlineValues, acc.Sketch is not null);
    }

    [Fact]
    public void Distribution_AfterResetAndReuse_HoldsOnlyTheNewValues()
    {
        var acc = new MetricAccumulator { Percentiles = true };
        for (var i = 0; i < 10; i++)
        {
            acc.Add(i);
        }

        acc.Reset();
        acc.Add(5);
        acc.Add(7);
        var expected = new DDSketch();
        expected.Add(5);
        expected.Add(7);

        Assert.Equal(Bytes(expected), Bytes(acc.Distribution(new DDSketch())));
        Assert.Equal(2, acc.Count);
    }

    [Fact]
    public void Distribution_ScratchReusedBetweenAccumulators_EachGetsItsOwnValues()
    {
        var scratch = new DDSketch();
        var a = new MetricAccumulator { Percentiles = true };
        var b = new MetricAccumulator { Percentiles = true };
        a.Add(1);
        b.Add(1000);
        b.Add(2000);

        Assert.Equal(1, a.Distribution(scratch).GetQuantile(0.5));
        Assert.Equal(2, b.Distribution(scratch).Count);
        Assert.Equal(1000, b.Distribution(scratch).Min);
    }

    [Fact]
    public void Add_WithoutPercentiles_KeepsNoDistribution()
    {
        var acc = new MetricAccumulator();
        for (var i = 0; i < 10; i++)
        {
            acc.Add(i);
        }

        Assert.Null(acc.Sketch);
        Assert.Equal(10, acc.Count);
        Assert.Equal(45, acc.Sum);
    }

    private static byte[] Bytes(DDSketch sketch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        sketch.WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
