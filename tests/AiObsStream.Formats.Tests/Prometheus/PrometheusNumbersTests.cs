using AiObsStream.Formats.Prometheus;
using System.Text;

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
}
