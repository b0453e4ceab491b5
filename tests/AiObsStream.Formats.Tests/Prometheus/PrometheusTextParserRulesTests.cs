using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>Line rules of both dialects written from the specifications (formats.md §3), one test per rule.</summary>
public class PrometheusTextParserRulesTests
{
    private const long ScrapeMs = 1_795_345_957_000;
    private const string Labels = "{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"h\"}";

    [Theory]
    [InlineData(PrometheusDialect.Text004)]
    [InlineData(PrometheusDialect.OpenMetrics)]
    public void TryParseLine_DuplicateLabelName_MalformedNotLastOneWins(PrometheusDialect dialect)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser { Dialect = dialect },
            "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",Hostname=\"a\",Hostname=\"b\"} 5");
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.Malformed, failure.Reason);
        Assert.Contains("duplicate label name 'Hostname'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseLine_InvalidUtf8InLabelValue_MalformedNotReplacementChar()
    {
        var line = Encoding.ASCII.GetBytes("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",Hostname=\"node-X\"} 5");
        line[Array.IndexOf(line, (byte)'X')] = 0xC3; // a lead byte with no continuation
        var parser = new PrometheusTextParser();
        using var output = new EventBuffer();
        Assert.False(parser.TryParseLine(line, ScrapeMs, output, out var failure));
        Assert.Equal(0, output.Count);
        Assert.Contains("invalid UTF-8 at column 45", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseLine_Text004TrailingComma_Accepted()
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",} 5");
        Assert.True(ok, failure.Message);
        Assert.Equal("GPU-1", Assert.Single(events).Dims.Gpu);
    }

    [Fact]
    public void TryParseLine_Text004UnknownEscape_Malformed()
    {
        var (ok, _, failure) = Parse(new PrometheusTextParser(), "DCGM_FI_DEV_GPU_UTIL{Hostname=\"a\\tb\"} 5");
        Assert.False(ok);
        Assert.Contains("bad escape", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseLine_OpenMetricsBackslashBeforeOtherChar_KeptLiterally()
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics },
            "DCGM_FI_DEV_GPU_UTIL{Hostname=\"a\\tb\\\\c\"} 5");
        Assert.True(ok, failure.Message);
        Assert.Equal("a\\tb\\c", Assert.Single(events).Dims.Host);
    }

    [Fact]
    public void TryParseLine_Text004TypeClash_Malformed_RepeatedSameTypeAccepted()
    {
        var parser = new PrometheusTextParser();
        Assert.True(Parse(parser, "# TYPE DCGM_FI_DEV_GPU_UTIL gauge").Ok);
        Assert.True(Parse(parser, "# TYPE DCGM_FI_DEV_GPU_UTIL gauge").Ok); // the next scrape of a capture
        var (ok, _, failure) = Parse(parser, "# TYPE DCGM_FI_DEV_GPU_UTIL counter");
        Assert.False(ok);
        Assert.Contains("TYPE clash", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MissingTimestampPolicy.UseDefaultTime, true)]
    [InlineData(MissingTimestampPolicy.RejectOnceTimestamped, false)]
    public void TryParseLine_NoTimestampAfterTimestampedSample_DependsOnPolicy(MissingTimestampPolicy policy, bool accepted)
    {
        var parser = new PrometheusTextParser { MissingTimestamps = policy };
        Assert.True(Parse(parser, "DCGM_FI_DEV_GPU_UTIL" + Labels + " 5 1795345900000").Ok);
        var (ok, events, failure) = Parse(parser, "DCGM_FI_DEV_GPU_UTIL" + Labels + " 6");
        Assert.Equal(accepted, ok);
        if (accepted)
        {
            Assert.Equal(ScrapeMs, Assert.Single(events).TimeUnixMs);
        }
        else
        {
            Assert.Equal(RejectReason.InvalidValue, failure.Reason);
            Assert.Contains("no timestamp in an input whose samples carry timestamps", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryParseLine_RejectPolicy_FirstSampleWithoutTimestampRejected()
    {
        var (ok, _, failure) = Parse(new PrometheusTextParser { MissingTimestamps = MissingTimestampPolicy.Reject },
            "DCGM_FI_DEV_GPU_UTIL" + Labels + " 6");
        Assert.False(ok);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_GPU_TEMP", "1e300", "plausible range -50..150")]
    [InlineData("DCGM_FI_DEV_FB_USED", "-5", "plausible range 0..16777216")]
    [InlineData("DCGM_FI_DEV_GPU_UTIL", "101", "plausible range 0..100")]
    [InlineData("DCGM_FI_DEV_POWER_USAGE", "+Inf", "not finite")]
    [InlineData("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "1.5", "plausible range 0..1")]
    [InlineData("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "-1", "plausible range 0..")]
    public void TryParseLine_ImplausibleDcgmValue_InvalidValue(string field, string value, string message)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), field + Labels + " " + value);
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_GPU_TEMP", "-10")]
    [InlineData("DCGM_FI_DEV_GPU_UTIL", "100")]
    [InlineData("DCGM_FI_DEV_FB_USED", "196608")]
    [InlineData("DCGM_FI_DEV_POWER_USAGE", "1200.5")]
    [InlineData("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "1")]
    public void TryParseLine_PlausibleDcgmValue_Mapped(string field, string value)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), field + Labels + " " + value);
        Assert.True(ok, failure.Message);
        Assert.Single(events);
    }

    [Fact]
    public void TryParseLine_OpenMetricsHugeFractionalTimestampOnOtherFamily_Accepted()
    {
        var (ok, _, failure) = Parse(new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics },
            "go_goroutines 3 12345678901234567890.123");
        Assert.True(ok, failure.Message);
    }

    [Fact]
    public void MissingTimestamps_UndefinedValue_Throws()
    {
        var parser = new PrometheusTextParser();
        Assert.Throws<ArgumentOutOfRangeException>(() => parser.MissingTimestamps = (MissingTimestampPolicy)9);
    }

    private static (bool Ok, TelemetryEvent[] Events, ParseError Failure) Parse(PrometheusTextParser parser, string line)
    {
        using var output = new EventBuffer();
        var ok = parser.TryParseLine(Encoding.UTF8.GetBytes(line), ScrapeMs, output, out var failure);
        return (ok, output.Span.ToArray(), failure);
    }
}
