using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>
/// The dialect is the reading most timestamps fit (issue #10 §3, §7): one damaged timestamp (cut short, a digit lost)
/// costs only its own sample, as an <c>invalid_value</c> reject; only an input that no reading fits is rejected whole.
/// Also: a value too large for a float64 (a 400-digit number) is syntactically a number, so it is <c>invalid_value</c>.
/// </summary>
public class TimestampMajorityTests
{
    private const long ScrapeMs = 1_795_345_957_000;
    private const string Temp = "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-5c8e2f7a\",Hostname=\"aks-gpu-0\"}";

    [Theory]
    [InlineData("u 1 1795345957000\nu 1 1795345958000\nu 1 1795345959\n")] // last timestamp cut to seconds' length
    [InlineData("u 1 179534596\nu 1 1795345958000\nu 1 1795345959000\n")] // first timestamp cut short: not decisive
    [InlineData("u 1 1795345957000\nu 1 1795345958000\nu 1 1795345959.5\n")] // a stray fraction
    public void Detect_NoMarkersAndOneOddTimestamp_Text004ByMajority(string text)
    {
        var verdict = ExpositionSniffer.Detect(Encoding.UTF8.GetBytes(text), complete: true);
        Assert.False(verdict.Ambiguous, verdict.Evidence);
        Assert.Equal(PrometheusDialect.Text004, verdict.Dialect);
        Assert.Contains("most timestamps", verdict.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_OpenMetricsMarkerAndOneMillisecondTimestamp_OpenMetricsByMajority()
    {
        var verdict = ExpositionSniffer.Detect(
            "# TYPE g gauge\ng{a=\"1\"} 1 1795345957.5\ng{a=\"2\"} 1 1795345958000\ng{a=\"3\"} 1 1795345959.5\n# EOF\n"u8, complete: true);
        Assert.False(verdict.Ambiguous, verdict.Evidence);
        Assert.Equal(PrometheusDialect.OpenMetrics, verdict.Dialect);
    }

    [Theory]
    [InlineData("# TYPE g gauge\ng 1 10\n# EOF\n")] // conformance-style tiny timestamps: neither reading, no contradiction
    [InlineData("# TYPE g gauge\ng{a=\"1\"} 1 0\ng{a=\"2\"} 1 1795345957000\ng{a=\"3\"} 1 5\n# EOF\n")]
    public void Detect_OpenMetricsMarkerTimestampsNotMostlyMilliseconds_OpenMetrics(string text)
    {
        var verdict = ExpositionSniffer.Detect(Encoding.UTF8.GetBytes(text), complete: true);
        Assert.False(verdict.Ambiguous, verdict.Evidence);
        Assert.Equal(PrometheusDialect.OpenMetrics, verdict.Dialect);
    }

    [Theory]
    [InlineData("u 1 1795345957000\nu 1 1795345958\n", "only 1 of 2")] // a tie: no reading fits most
    [InlineData("u 1 1795345957\nu 1 1795345958\nu 1 1795345959000\n", "only 1 of 3")] // most in seconds, no marker
    [InlineData("u 1 1795345957000\nu 1 1795345958000\n# EOF\n", "2 of 2 timestamps read as milliseconds")]
    [InlineData("# TYPE u untyped\nu 1 1795345957\nu 1 1795345958\nu 1 1795345959000\n", "2 of 3 timestamps read as seconds")]
    public void Detect_NoReadingFitsMostTimestamps_AmbiguousWithCounts(string text, string why)
    {
        var verdict = ExpositionSniffer.Detect(Encoding.UTF8.GetBytes(text), complete: true);
        Assert.True(verdict.Ambiguous);
        Assert.Equal(PrometheusDialect.Auto, verdict.Dialect);
        Assert.Contains(why, verdict.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseLine_Text004DcgmTimestampCutShort_InvalidValueNaming1970AndSeconds()
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.Text004, RejectImplausibleTimestamps = true };
        var (ok, events, failure) = Parse(parser, Temp + " 61 1795345964");
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains("1970-01-21T18:42:25.964Z in Prometheus text 0.0.4 (milliseconds)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("plausible in seconds", failure.Message, StringComparison.Ordinal);
        Assert.Equal((Temp + " 61 ").Length, failure.ByteOffset);
    }

    [Fact]
    public void TryParseLine_OpenMetricsDcgmTimestampInMilliseconds_InvalidValueNamingMilliseconds()
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics, RejectImplausibleTimestamps = true };
        var (ok, _, failure) = Parse(parser, Temp + " 61 1795345957000");
        Assert.False(ok);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains("OpenMetrics (seconds)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("plausible in milliseconds", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" 61 1795345957000", true)] // 2026 in milliseconds
    [InlineData(" 61 946684800000", true)] // 2000-01-01, the lower bound
    [InlineData(" 61 4102444800000", false)] // 2100-01-01, the (exclusive) upper bound
    [InlineData(" 61 42", false)]
    [InlineData(" 61 -1795345957000", false)]
    public void TryParseLine_Text004DcgmTimestampRange_PlausibleBetween2000And2100(string tail, bool accepted)
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.Text004, RejectImplausibleTimestamps = true };
        var (ok, _, failure) = Parse(parser, Temp + tail);
        Assert.Equal(accepted, ok);
        if (!accepted)
        {
            Assert.Equal(RejectReason.InvalidValue, failure.Reason);
            Assert.Contains("not between 2000 and 2100", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryParseLine_ImplausibleTimestampWithoutTheCheck_KeptAsWritten()
    {
        // Off by default: a live scrape or a caller that decided the dialect itself keeps the time the line says.
        var (ok, events, failure) = Parse(new PrometheusTextParser { Dialect = PrometheusDialect.Text004 }, Temp + " 61 1795345964");
        Assert.True(ok, failure.Message);
        Assert.Equal(1_795_345_964L, Assert.Single(events).TimeUnixMs);
    }

    [Fact]
    public void TryParseLine_ImplausibleTimestampOnANonDcgmFamily_NotRejected()
    {
        // Only DCGM samples become events; other families are validated and ignored, whatever their time.
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics, RejectImplausibleTimestamps = true };
        var (ok, events, failure) = Parse(parser, "go_goroutines 3 10");
        Assert.True(ok, failure.Message);
        Assert.Empty(events);
    }

    [Theory]
    [InlineData(PrometheusDialect.Text004, "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"}")]
    [InlineData(PrometheusDialect.OpenMetrics, "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"}")]
    [InlineData(PrometheusDialect.Text004, "go_goroutines")]
    public void TryParseLine_400DigitValue_InvalidValueNotMalformed(PrometheusDialect dialect, string series)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser { Dialect = dialect }, series + " 1" + new string('7', 399));
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains("beyond the range of a float64", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("1e999")]
    public void TryParseLine_InfiniteDcgmValue_InvalidValue(string value)
    {
        var (ok, _, failure) = Parse(new PrometheusTextParser(), Temp + " " + value + " 1795345957000");
        Assert.False(ok);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
    }

    [Fact]
    public void TryParseLine_ValueThatIsNotANumber_StillMalformed()
    {
        var (ok, _, failure) = Parse(new PrometheusTextParser(), Temp + " 1x7");
        Assert.False(ok);
        Assert.Equal(RejectReason.Malformed, failure.Reason);
    }

    [Fact]
    public void TryParse_Text004UnitWithOneTimestampCutShort_OnlyThatSampleRejected()
    {
        var unit = $"{Temp} 61 1795345957000\n{Temp} 62 1795345958000\n{Temp} 63 1795345959\n{Temp} 64 1795345960000\n";
        var (ok, events, rejects, failure) = Parse(new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs }, unit);
        Assert.True(ok, failure.Message);
        Assert.Equal([1795345957000L, 1795345958000L, 1795345960000L], events.Select(e => e.TimeUnixMs));
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal(3, reject.RecordIndex);
        Assert.Contains("line 3: timestamp", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OpenMetricsUnitWithOneMillisecondTimestamp_OnlyThatSampleRejected()
    {
        // One metric per GPU, so the per-metric timestamp order of OpenMetrics is not what rejects the odd sample.
        var unit = "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 1795345957.250\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"1\"} 62 1795345957250\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"2\"} 63 1795345957.250\n# EOF\n";
        var (ok, events, rejects, failure) = Parse(new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs }, unit);
        Assert.True(ok, failure.Message);
        Assert.Equal(2, events.Length);
        Assert.All(events, e => Assert.Equal(1795345957250L, e.TimeUnixMs));
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal(3, reject.RecordIndex);
    }

    [Fact]
    public void TryParse_UnitThatNoReadingFits_RejectedWhole()
    {
        var unit = $"{Temp} 61 1795345957\n{Temp} 62 1795345958\n";
        var (ok, events, _, failure) = Parse(new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs }, unit);
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains("cannot tell OpenMetrics", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NextUnitOfTheSameParser_ChecksItsOwnTimestampsOnly()
    {
        // The check belongs to a unit whose dialect its timestamps decided; an untimestamped scrape after it keeps the
        // scrape time, and a unit with an explicit dialect is not checked.
        var parser = new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs };
        Parse(parser, $"{Temp} 61 1795345957000\n{Temp} 62 1795345958000\n{Temp} 63 1795345959\n");
        parser.Parser.Dialect = PrometheusDialect.Text004;
        var (ok, events, rejects, failure) = Parse(parser, $"{Temp} 61 1795345959\n");
        Assert.True(ok, failure.Message);
        Assert.Empty(rejects);
        Assert.Equal(1_795_345_959L, Assert.Single(events).TimeUnixMs);
    }

    private static (bool Ok, TelemetryEvent[] Events, ParseError Failure) Parse(PrometheusTextParser parser, string line)
    {
        using var output = new EventBuffer();
        var ok = parser.TryParseLine(Encoding.UTF8.GetBytes(line), ScrapeMs, output, out var failure);
        return (ok, output.Span.ToArray(), failure);
    }

    private static (bool Ok, TelemetryEvent[] Events, List<ParseError> Rejects, ParseError Failure) Parse(PrometheusUnitParser parser, string unit)
    {
        using var output = new EventBuffer();
        var rejects = new List<ParseError>();
        var ok = parser.TryParse(Encoding.UTF8.GetBytes(unit), output, rejects, out var failure);
        return (ok, output.Span.ToArray(), rejects, failure);
    }
}
