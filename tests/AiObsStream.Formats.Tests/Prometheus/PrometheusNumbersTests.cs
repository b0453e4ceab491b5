using System.Globalization;
using System.Text;
using AiObsStream.Formats.Prometheus;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Prometheus;

public class PrometheusNumbersTests
{
    [Theory]
    [InlineData("42", 42d)]
    [InlineData("-0.5", -0.5)]
    [InlineData("612.345000", 612.345)]
    [InlineData("1.458255915e9", 1.458255915e9)]
    [InlineData("1E-3", 0.001)]
    [InlineData("+7", 7d)]
    [InlineData(".5", 0.5)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+INF", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    public void TryParseValue_ValidToken_ReturnsValue(string token, double expected)
    {
        Assert.True(PrometheusNumbers.TryParseValue(Encoding.UTF8.GetBytes(token), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("NAN")]
    public void TryParseValue_NaNAnyCase_ReturnsNaN(string token)
    {
        Assert.True(PrometheusNumbers.TryParseValue(Encoding.UTF8.GetBytes(token), out var value));
        Assert.True(double.IsNaN(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("0x10")]
    [InlineData("1e400")]
    [InlineData("-NaN")]
    [InlineData("∞")]
    [InlineData("1_000")]
    [InlineData("--1")]
    [InlineData("Infinit")]
    public void TryParseValue_Garbage_ReturnsFalse(string token)
    {
        Assert.False(PrometheusNumbers.TryParseValue(Encoding.UTF8.GetBytes(token), out _));
    }

    [Theory]
    [InlineData("1795345957351", 1795345957351L)]
    [InlineData("-1000", -1000L)]
    [InlineData("+5", 5L)]
    public void TryParseMilliseconds_Int64_ReturnsMilliseconds(string token, long expected)
    {
        Assert.True(PrometheusNumbers.TryParseMilliseconds(Encoding.UTF8.GetBytes(token), out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    [InlineData("12a")]
    [InlineData("")]
    public void TryParseMilliseconds_NotInt64_ReturnsFalse(string token)
    {
        Assert.False(PrometheusNumbers.TryParseMilliseconds(Encoding.UTF8.GetBytes(token), out _));
    }

    [Theory]
    [InlineData("1795345957.351", 1795345957351L)]
    [InlineData("1795345957", 1795345957000L)]
    [InlineData("1.5e3", 1500000L)]
    [InlineData("-1.25", -1250L)]
    public void TryParseSeconds_FloatSeconds_ReturnsMilliseconds(string token, long expected)
    {
        Assert.True(PrometheusNumbers.TryParseSeconds(Encoding.UTF8.GetBytes(token), out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("1e300")]
    [InlineData("x")]
    public void TryParseSeconds_NotFiniteOrOutOfRange_ReturnsFalse(string token)
    {
        Assert.False(PrometheusNumbers.TryParseSeconds(Encoding.UTF8.GetBytes(token), out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("-0.000")]
    [InlineData("5.")]
    [InlineData("-.5")]
    [InlineData("007")]
    [InlineData("999999999999999")]
    [InlineData("0.00000000000001")]
    [InlineData("123456789.012345")]
    [InlineData("81559")]
    [InlineData("612.345")]
    public void TryParsePlain_MatchesTheGeneralParser_BitForBit(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        Assert.True(PrometheusNumbers.TryParsePlain(bytes, out var fast));
        Assert.True(double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var general));
        Assert.Equal(BitConverter.DoubleToInt64Bits(general), BitConverter.DoubleToInt64Bits(fast)); // -0 stays -0
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("+7")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("1234567890123456")] // 16 digits: left to the general parser
    [InlineData("0.1234567890123456")]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("1 ")]
    public void TryParsePlain_LeavesEverythingElseToTheGeneralPath(string token)
    {
        Assert.False(PrometheusNumbers.TryParsePlain(Encoding.UTF8.GetBytes(token), out _));
    }

    [Fact]
    public void TryParseValue_AnyPlainDecimal_IsWhatDoubleParseGives()
    {
        // The fast path (Clinger: an exact integer over an exact power of ten) against .NET's correctly rounded parser,
        // over random spellings of up to 17 digits (beyond 15 the general path answers) with and without a point.
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var text = new StringBuilder();
            if (random.Next(3) == 0)
            {
                text.Append('-');
            }

            var digits = random.Next(1, 18);
            var point = random.Next(-1, digits + 1);
            for (var i = 0; i < digits; i++)
            {
                if (i == point)
                {
                    text.Append('.');
                }

                text.Append((char)('0' + random.Next(10)));
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            Assert.True(PrometheusNumbers.TryParseValue(bytes, out var value), text.ToString());
            Assert.True(double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(5000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void TryParseMilliseconds_AnyDigitString_IsWhatLongParseGives()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var length = random.Next(1, 21); // up to 20 digits: 19 and 20 overflow or not, answered by the general path
            var text = string.Concat(Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10))));
            var bytes = Encoding.UTF8.GetBytes(text);
            var ok = PrometheusNumbers.TryParseMilliseconds(bytes, out var ms);
            var expectedOk = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expected);
            Assert.Equal(expectedOk, ok);
            Assert.Equal(expected, ms);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(5000).WithQuietOnSuccess(true));
    }
}
