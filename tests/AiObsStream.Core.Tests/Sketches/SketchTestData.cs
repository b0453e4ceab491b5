using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Sketches;

/// <summary>Seeded data sets and the exact-sort oracle shared by the sketch tests.</summary>
internal static class SketchTestData
{
    public static readonly double[] Quantiles = [0.5, 0.9, 0.95, 0.99];

    public static double[] Generate(string distribution, int n, int seed = 42)
    {
        var rng = new Random(seed);
        var data = new double[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = distribution switch
            {
                "uniform" => rng.NextDouble() * 1000.0,
                "lognormal" => Math.Exp(3.0 + (1.5 * Normal(rng))),
                "pareto" => 1.0 / Math.Pow(1.0 - rng.NextDouble(), 1.0 / 1.2),
                "constant" => 42.5,
                "zero" => 0.0,
                "negative" => -Math.Exp(2.0 + (2.0 * Normal(rng))),
                "mixed" => i % 10 == 0 ? 0.0 : 100.0 * Normal(rng),
                "tiny" => Math.Exp(-700 + (20 * rng.NextDouble())) * (rng.Next(2) == 0 ? 1 : -1),
                _ => throw new ArgumentException(distribution, nameof(distribution)),
            };
        }

        return data;
    }

    public static DDSketch SketchOf(ReadOnlySpan<double> values, double accuracy = DDSketch.DefaultRelativeAccuracy, int maxBins = DDSketch.DefaultMaxBins)
    {
        var sketch = new DDSketch(accuracy, maxBins);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        return sketch;
    }

    /// <summary>
    /// Asserts GetQuantile(q) is within the relative accuracy of the exact value at rank floor or ceil of q (n - 1)
    /// (the neighbouring ranks are allowed, as the rank itself is a real number).
    /// </summary>
    public static void AssertWithinBound(DDSketch sketch, double[] values, double q)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var rank = q * (sorted.Length - 1);
        var estimate = sketch.GetQuantile(q);
        var lower = sorted[(int)Math.Floor(rank)];
        var upper = sorted[(int)Math.Ceiling(rank)];
        var a = sketch.RelativeAccuracy * (1 + 1e-9);
        var ok = Math.Abs(estimate - lower) <= a * Math.Abs(lower) || Math.Abs(estimate - upper) <= a * Math.Abs(upper);
        Assert.True(ok, $"q={q}: estimate {estimate:R}, exact neighbours {lower:R} / {upper:R}, a={sketch.RelativeAccuracy}");
    }

    public static byte[] Serialize(DDSketch sketch)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        sketch.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}
