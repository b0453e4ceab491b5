using System.Text;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

public class ExpositionSnifferTests
{
    [Theory]
    [InlineData("application/openmetrics-text", PrometheusDialect.OpenMetrics)]
    [InlineData("APPLICATION/OPENMETRICS-TEXT", PrometheusDialect.OpenMetrics)]
    [InlineData("text/plain", PrometheusDialect.Text004)]
    [InlineData("application/octet-stream", PrometheusDialect.Auto)]
    [InlineData(null, PrometheusDialect.Auto)]
    public void FromContentType_MediaType_NamesDialect(string? mediaType, PrometheusDialect expected)
    {
        Assert.Equal(expected, ExpositionSniffer.FromContentType(mediaType));
    }

    [Theory]
    [InlineData("g 1 1795345957.5\n# EOF\n", "'# EOF'")]
    [InlineData("# TYPE g_seconds gauge\n# UNIT g_seconds seconds\ng_seconds 1 1795345957\n", "'# UNIT'")]
    [InlineData("# TYPE s stateset\ns{s=\"a\"} 1 1795345957\n", "OpenMetrics type")]
    [InlineData("# TYPE c counter\nc_total 1 1795345957\n", "'_total'/'_created'")]
    [InlineData("# TYPE c counter\nc_created 1795345000 1795345957\n", "'_total'/'_created'")]
    public void Detect_OpenMetricsMarkerBeforeEof_OpenMetricsBeforeFirstSample(string text, string evidence)
    {
        var verdict = ExpositionSniffer.Detect(Encoding.UTF8.GetBytes(text), complete: false);
        Assert.False(verdict.Ambiguous, verdict.Evidence);
        Assert.Equal(PrometheusDialect.OpenMetrics, verdict.Dialect);
        Assert.Contains(evidence, verdict.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# TYPE u untyped\nu 1 1795345957000\n", "untyped")]
    [InlineData("# scraped by hand\nu 1 1795345957000\n", "comment line")]
    [InlineData("u 1 1795345957000\r\n", "CR LF")]
    [InlineData("# TYPE c counter\nc 5 1795345957000\n", "without the OpenMetrics '_total' suffix")]
    [InlineData("u 1 1795345957000\n", "int64 milliseconds")]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 87\n", "no timestamps")]
    public void Detect_Text004Markers_Text004(string text, string evidence)
    {
        var verdict = ExpositionSniffer.Detect(Encoding.UTF8.GetBytes(text), complete: true);
        Assert.False(verdict.Ambiguous, verdict.Evidence);
        Assert.Equal(PrometheusDialect.Text004, verdict.Dialect);
        Assert.Contains(evidence, verdict.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("u 1 1795345957\n")] // seconds without any OpenMetrics marker
    [InlineData("u 1 1795345957.5\n")] // a fraction is not int64 milliseconds
    [InlineData("u 1 42\n")] // neither: 1970 either way
    [InlineData("# TYPE u untyped\nu 1 1795345957\n")] // 0.0.4 marker, seconds timestamp
    [InlineData("u 1 1795345957000\n# EOF\n")] // OpenMetrics marker, milliseconds timestamp
    public void Detect_TimestampsReadableOneWayOnlyInTheOtherDialect_Ambiguous(string text)
    {
        var verdict = ExpositionSniffer.Detect(Encoding.UTF8.GetBytes(text), complete: true);
        Assert.True(verdict.Ambiguous);
        Assert.Equal(PrometheusDialect.Auto, verdict.Dialect);
        Assert.Contains("cannot tell OpenMetrics", verdict.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_EofBeyondHead_OpenMetrics()
    {
        var verdict = ExpositionSniffer.Detect("g 1 1795345957.5\n"u8, complete: false, endsWithEof: true);
        Assert.Equal(PrometheusDialect.OpenMetrics, verdict.Dialect);
        Assert.True(verdict.HasTimestamps);
    }

    [Fact]
    public void Detect_LabelValueHoldingSpacesAndBraces_FindsTheTimestamp()
    {
        var verdict = ExpositionSniffer.Detect("u{a=\"x } 1 2\",b=\"\\\"\"} 1 1795345957000\n"u8, complete: true);
        Assert.Equal(PrometheusDialect.Text004, verdict.Dialect);
        Assert.True(verdict.HasTimestamps);
    }
}
