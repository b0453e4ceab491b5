using System.Buffers.Text;
using AiObsStream.Formats.Output;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Output;

public sealed class FormattedNumberCacheTests
{
    private static string Expected(double value)
    {
        Span<byte> digits = stackalloc byte[64];
        Assert.True(Utf8Formatter.TryFormat(value, digits, out var written));
        return System.Text.Encoding.ASCII.GetString(digits[..written]);
    }

    private static string Cached(FormattedNumberCache cache, double value)
    {
        Span<byte> digits = stackalloc byte[64];
        var written = cache.Format(value, digits);
        return System.Text.Encoding.ASCII.GetString(digits[..written]);
    }

    [Fact]
    public void Format_RepeatedValue_SameDigitsFromTheTable()
    {
        var cache = new FormattedNumberCache();
        Assert.Equal("57.16589215872134", Cached(cache, 57.16589215872134));
        Assert.Equal("57.16589215872134", Cached(cache, 57.16589215872134));
    }

    [Fact]
    public void Format_NegativeAndPositiveZero_NotTakenForTheSameNumber()
    {
        var cache = new FormattedNumberCache();
        Assert.Equal("-0", Cached(cache, -0.0));
        Assert.Equal("0", Cached(cache, 0.0));
        Assert.Equal("-0", Cached(cache, -0.0));
    }

    [Fact]
    public void Format_LongestDigits_Fit()
    {
        var cache = new FormattedNumberCache();
        foreach (var value in new[] { -2.2250738585072014E-308, double.MinValue, -double.Epsilon, -1.2345678901234567E-100 })
        {
            Assert.Equal(Expected(value), Cached(cache, value));
            Assert.Equal(Expected(value), Cached(cache, value));
        }
    }

    [Fact]
    public void Format_AnySequenceOfValues_DigitsOfTheFormatter_Property()
    {
        // one table over many values: slots collide and are overwritten, repeats hit
        var number = Gen.OneOf(
            Gen.Choose(-1_000, 1_000).Select(static i => i / 8.0),
            Gen.Choose(int.MinValue, int.MaxValue).Select(static i => BitConverter.Int64BitsToDouble(((long)i << 32) | (uint)(i * 31))),
            Gen.Elements(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon));
        var cache = new FormattedNumberCache();
        Prop.ForAll(Gen.ArrayOf(number).ToArbitrary(), values =>
            values.All(v => Cached(cache, v) == Expected(v))).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
