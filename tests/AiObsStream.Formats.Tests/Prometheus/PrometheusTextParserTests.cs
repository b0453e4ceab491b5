using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Prometheus;

public class PrometheusTextParserTests
{
    private const long ScrapeMs = 1_795_345_957_000;
    private const string Labels = "{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"node-a\"}";

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("# just a comment")]
    [InlineData("#")]
    [InlineData("# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).")]
    [InlineData("# HELP TEST_METRIC ")]
    [InlineData("# HELP x escaped \\\\ and \\n in help")]
    [InlineData("# TYPE DCGM_FI_DEV_GPU_UTIL gauge")]
    [InlineData("# TYPE foo untyped")]
    [InlineData("# TYPE foo counter\r")]
    public void TryParseLine_CommentOrMetadata_AcceptedWithoutEvents(string line)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), line);
        Assert.True(ok, failure.Message);
        Assert.Empty(events);
    }

    [Fact]
    public void TryParseLine_SampleWithoutTimestamp_UsesDefaultTime()
    {
        var (ok, events, _) = Parse(new PrometheusTextParser(), "DCGM_FI_DEV_GPU_UTIL" + Labels + " 87");
        Assert.True(ok);
        var e = Assert.Single(events);
        Assert.Equal(EventKind.GpuSample, e.Kind);
        Assert.Equal(ScrapeMs, e.TimeUnixMs);
        Assert.Equal(87d, e.Value);
        Assert.Same(DcgmFields.GpuUtil, e.Metric);
    }

    [Theory]
    [InlineData(" 1795345957351", 1795345957351L)]
    [InlineData(" -5", -5L)]
    [InlineData("\t\t1795345957351  ", 1795345957351L)]
    [InlineData(" 1795345957351\r", 1795345957351L)]
    public void TryParseLine_Text004Timestamp_IsMilliseconds(string tail, long expected)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), "DCGM_FI_DEV_GPU_UTIL" + Labels + " 1" + tail);
        Assert.True(ok, failure.Message);
        Assert.Equal(expected, Assert.Single(events).TimeUnixMs);
    }

    [Fact]
    public void TryParseLine_OpenMetricsDialect_TimestampIsSeconds()
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics };
        var (ok, events, failure) = Parse(parser, "DCGM_FI_DEV_GPU_UTIL" + Labels + " 1 1795345957.351");
        Assert.True(ok, failure.Message);
        Assert.Equal(1795345957351L, Assert.Single(events).TimeUnixMs);
    }

    [Fact]
    public void TryParseLine_UnitLineInAutoDialect_SwitchesToOpenMetricsUntilReset()
    {
        var parser = new PrometheusTextParser();
        Assert.True(Parse(parser, "# UNIT DCGM_FI_DEV_GPU_TEMP_celsius celsius").Ok);
        Assert.True(parser.IsOpenMetrics);
        var (ok, events, _) = Parse(parser, "DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 1795345957.5");
        Assert.True(ok);
        Assert.Equal(1795345957500L, Assert.Single(events).TimeUnixMs);

        parser.Reset();
        Assert.False(parser.IsOpenMetrics);
        Assert.False(Parse(parser, "DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 1795345957.5").Ok);
    }

    [Theory]
    [InlineData("{a=\"1\",b=\"2\",}")]
    [InlineData("{ a = \"1\" , b=\"2\" }")]
    [InlineData("{}")]
    [InlineData(" {a=\"1\"}")]
    [InlineData("")]
    public void TryParseLine_LabelSetForms_Accepted(string labels)
    {
        var parser = new PrometheusTextParser();
        var (ok, _, failure) = Parse(parser, "DCGM_FI_DEV_GPU_UTIL" + labels + " 3");
        Assert.True(ok, failure.Message);
        Assert.Equal(1, parser.GpuSamples);
    }

    [Fact]
    public void TryParseLine_LabelEscapes_AreUnescaped()
    {
        var parser = new PrometheusTextParser();
        var (ok, events, _) = Parse(parser, "DCGM_FI_DEV_GPU_UTIL{Hostname=\"a\\\\b\\\"c\\nd\",UUID=\"u\"} 1");
        Assert.True(ok);
        Assert.Equal("a\\b\"c\nd", Assert.Single(events).Dims.Host);
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}", "missing value", 29)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} ", "missing value", 29)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0} 1", "unterminated value of label 'gpu' (opened at column 26): closing '\"' expected at column 31", 30)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\\t\"} 1", "bad escape at column 28", 27)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\\", "bad escape", 27)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 12abc", "sample value '12abc' at column 31 is not a number", 30)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 1 17953459.57", "timestamp '17953459.57' at column 33", 32)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 1 123 456", "end of line expected", 36)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=0} 1", "'\"' expected to open the value of label 'gpu' at column 26", 25)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu\"0\"} 1", "'=' expected after label name 'gpu'", 24)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\" x=\"1\"} 1", "',' or '}' expected", 29)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{,} 1", "label name expected at column 22, found ','", 21)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"", "unterminated label set", 28)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{1a=\"0\"} 1", "label name expected", 21)]
    [InlineData("9metric 1", "metric name expected at column 1, found '9'", 0)]
    [InlineData("{gpu=\"0\"} 1", "metric name expected", 0)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}1", "blank before the value", 29)]
    [InlineData("# TYPE foo bogus", "unknown metric type 'bogus' at column 12", 11)]
    [InlineData("# TYPE foo", "metric type expected", 10)]
    [InlineData("# TYPE 1foo gauge", "metric name expected", 7)]
    [InlineData("# HELP", "blank expected after the keyword", 6)]
    public void TryParseLine_BadLine_FailsWithTokenAndColumn(string line, string message, int offset)
    {
        var parser = new PrometheusTextParser();
        using var output = new EventBuffer();
        var ok = parser.TryParseLine(Encoding.UTF8.GetBytes(line), ScrapeMs, output, out var failure);
        Assert.False(ok);
        Assert.Equal(0, output.Count);
        Assert.Equal(RejectReason.Malformed, failure.Reason);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Equal(offset, failure.ByteOffset);
        Assert.Equal(-1, failure.RecordIndex);
    }

    [Fact]
    public void TryParseLine_AfterBadLine_ParserStaysUsable()
    {
        var parser = new PrometheusTextParser();
        Assert.False(Parse(parser, "DCGM_FI_DEV_GPU_UTIL{gpu=\"0 1").Ok);
        var (ok, events, _) = Parse(parser, "DCGM_FI_DEV_GPU_UTIL" + Labels + " 5");
        Assert.True(ok);
        Assert.Equal("node-a", Assert.Single(events).Dims.Host);
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 1\r", "carriage return")]
    [InlineData("# a comment", "OpenMetrics allows no comments")]
    [InlineData("", "empty line")]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}  1", "exactly one space")]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 1 1795345957351x", "a number of seconds")]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\", x=\"1\"} 1", "label name expected")]
    [InlineData("# TYPE foo untyped", "unknown metric type 'untyped'")]
    [InlineData("# UNIT foo_seconds bytes", "not a suffix")]
    [InlineData("#  HELP foo x", "exactly one space after '#'")]
    public void TryParseLine_OpenMetricsViolation_Fails(string line, string message)
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics };
        var (ok, _, failure) = Parse(parser, line);
        Assert.False(ok);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    // Exemplars are allowed on counter _total (and histogram _bucket) samples only, so the counter is declared first.
    [Theory]
    [InlineData("foo_total 1 1795345957.5 # {trace_id=\"abc\"} 0.5 1795345957.4")]
    [InlineData("foo_total 1 # {trace_id=\"abc\"} 0.5")]
    [InlineData("# UNIT foo_seconds seconds")]
    [InlineData("# TYPE bar stateset")]
    public void TryParseLine_OpenMetricsForms_Accepted(string line)
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics };
        parser.Reset();
        Assert.True(Parse(parser, "# TYPE foo counter").Ok);
        var (ok, _, failure) = Parse(parser, line);
        Assert.True(ok, failure.Message);
    }

    [Fact]
    public void TryParseLine_ExemplarLabels_DoNotReachDimensions()
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics };
        parser.Reset();
        Assert.True(Parse(parser, "# TYPE DCGM_FI_DEV_NVLINK_BANDWIDTH counter").Ok);
        var (ok, events, _) = Parse(parser, "DCGM_FI_DEV_NVLINK_BANDWIDTH_total{UUID=\"g1\"} 1 # {Hostname=\"bad\"} 1");
        Assert.True(ok);
        Assert.Equal(string.Empty, Assert.Single(events).Dims.Host);
    }

    [Fact]
    public void TryParseLine_Text004Exemplar_Fails()
    {
        var (ok, _, failure) = Parse(new PrometheusTextParser(), "foo 1 # {a=\"b\"} 1");
        Assert.False(ok);
        Assert.Contains("end of line expected", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseLine_AfterEof_Fails()
    {
        var parser = new PrometheusTextParser();
        Assert.True(Parse(parser, "# EOF").Ok);
        Assert.True(parser.SawEof);
        var (ok, _, failure) = Parse(parser, "foo 1");
        Assert.False(ok);
        Assert.Contains("after '# EOF'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseLine_EofInForcedText004_IsComment()
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.Text004 };
        Assert.True(Parse(parser, "# EOF").Ok);
        Assert.False(parser.SawEof);
        Assert.True(Parse(parser, "foo 1").Ok);
    }

    [Fact]
    public void Dialect_UndefinedValue_Throws()
    {
        var parser = new PrometheusTextParser();
        Assert.Throws<ArgumentOutOfRangeException>(() => parser.Dialect = (PrometheusDialect)42);
    }

    [Fact]
    public void TryParseLine_RandomBytes_NeverThrows()
    {
        var parser = new PrometheusTextParser();
        var om = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics };
        using var output = new EventBuffer();
        var alphabet = Encoding.UTF8.GetBytes("DCGM_FI_{}=\",\\n# \t\r.e+-0123456789InfNaHELPTYPEUNITEOF\"abc");
        var bytes = Gen.OneOf(Gen.Elements(alphabet).ArrayOf(), ArbMap.Default.ArbFor<byte[]>().Generator);
        Prop.ForAll(Arb.From(bytes), line =>
        {
            parser.TryParseLine(line, ScrapeMs, output, out _);
            om.TryParseLine(line, ScrapeMs, output, out _);
            parser.Reset();
            om.Reset();
            output.Clear();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    private static (bool Ok, TelemetryEvent[] Events, ParseError Failure) Parse(PrometheusTextParser parser, string line)
    {
        using var output = new EventBuffer();
        var ok = parser.TryParseLine(Encoding.UTF8.GetBytes(line), ScrapeMs, output, out var failure);
        return (ok, output.Span.ToArray(), failure);
    }
}
