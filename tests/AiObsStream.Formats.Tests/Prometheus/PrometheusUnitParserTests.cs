using System.IO.Compression;
using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Prometheus;

public class PrometheusUnitParserTests
{
    private const long ScrapeMs = 1_795_345_957_000;

    // formats.md §2.2, verbatim.
    private const string VerbatimScrape = """
        # HELP DCGM_FI_DEV_SM_CLOCK SM clock frequency (in MHz).
        # TYPE DCGM_FI_DEV_SM_CLOCK gauge
        DCGM_FI_DEV_SM_CLOCK{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 1980
        # HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).
        # TYPE DCGM_FI_DEV_GPU_TEMP gauge
        DCGM_FI_DEV_GPU_TEMP{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 61
        # HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).
        # TYPE DCGM_FI_DEV_POWER_USAGE gauge
        DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 612.345000
        # HELP DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION Total energy consumption since boot (in mJ).
        # TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
        DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 4188203911
        # HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
        # TYPE DCGM_FI_DEV_GPU_UTIL gauge
        DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 87
        DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d",pci_bus_id="00000002:00:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07"} 0
        # HELP DCGM_FI_DEV_XID_ERRORS Value of the last XID error encountered.
        # TYPE DCGM_FI_DEV_XID_ERRORS gauge
        DCGM_FI_DEV_XID_ERRORS{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",err_code="0",err_msg="No Error",namespace="inference",pod="vllm-gpt-0"} 0
        # HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).
        # TYPE DCGM_FI_DEV_FB_USED gauge
        DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 78128
        # HELP DCGM_FI_PROF_PIPE_TENSOR_ACTIVE Ratio of cycles the tensor (HMMA) pipe is active.
        # TYPE DCGM_FI_PROF_PIPE_TENSOR_ACTIVE gauge
        DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{gpu="0",UUID="GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93",pci_bus_id="00000001:00:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="aks-gpunp-36854149-vmss000005",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-gpt-0"} 0.412733

        """;

    // Upstream dcgm-exporter internal/pkg/server/server_test.go, exact bytes (note the trailing space after HELP).
    private const string UpstreamVector = "# HELP TEST_METRIC \n# TYPE TEST_METRIC gauge\n"
        + "TEST_METRIC{gpu=\"0\",UUID=\"GPU-00000000-0000-0000-0000-000000000000\",pci_bus_id=\"\",device=\"nvidia0\",modelName=\"NVIDIA T400 4GB\",hostname=\"testhost\"} 42\n";

    [Fact]
    public void TryParse_VerbatimDcgmScrape_MapsEverySample()
    {
        var (ok, events, rejects, failure) = Parse(new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs }, VerbatimScrape);
        Assert.True(ok, failure.Message);
        Assert.Empty(rejects);
        Assert.Equal(9, events.Length);
        Assert.All(events, e =>
        {
            Assert.Equal(EventKind.GpuSample, e.Kind);
            Assert.Equal(ScrapeMs, e.TimeUnixMs);
            Assert.Equal("aks-gpunp-36854149-vmss000005", e.Dims.Host);
            Assert.Equal(string.Empty, e.Dims.ModelName);
        });
        Assert.Equal(["DCGM_FI_DEV_SM_CLOCK", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
            "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_XID_ERRORS", "DCGM_FI_DEV_FB_USED", "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE"],
            events.Select(e => e.Metric));
        Assert.Equal([1980, 61, 612.345, 4188203911, 87, 0, 0, 78128, 0.412733], events.Select(e => e.Value));
        Assert.Equal("vllm-gpt", events[0].Dims.Deployment);
        Assert.Equal("GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93", events[0].Dims.Gpu);
        Assert.Equal("GPU-0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", events[5].Dims.Gpu);
        Assert.Equal(string.Empty, events[5].Dims.Deployment);
        Assert.Equal("0", events[6].Detail);
        Assert.Same(events[0].Dims, events[8].Dims);
    }

    [Fact]
    public void TryParse_UpstreamTestVector_AcceptedAndIgnored()
    {
        var parser = new PrometheusUnitParser();
        var (ok, events, rejects, failure) = Parse(parser, UpstreamVector);
        Assert.True(ok, failure.Message);
        Assert.Empty(rejects);
        Assert.Empty(events);
        Assert.Equal(1, parser.Parser.IgnoredSamples);
    }

    [Fact]
    public void TryParse_UpstreamVectorAsDcgmField_UsesLowercaseHostname()
    {
        var (ok, events, _, _) = Parse(new PrometheusUnitParser(), UpstreamVector.Replace("TEST_METRIC", DcgmFields.GpuUtil, StringComparison.Ordinal));
        Assert.True(ok);
        var e = Assert.Single(events);
        Assert.Equal("testhost", e.Dims.Host);
        Assert.Equal("GPU-00000000-0000-0000-0000-000000000000", e.Dims.Gpu);
        Assert.Equal(42d, e.Value);
    }

    [Fact]
    public void TryParse_Text004BadLines_RecordRejectsWithLineNumbersAndGoodLinesKept()
    {
        const string unit = "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\r\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 1\r\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"1} 2\n"
            + "\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"2\"} 3 1795345957351\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"3\"} x";
        var (ok, events, rejects, _) = Parse(new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs }, unit);
        Assert.True(ok);
        Assert.Equal([1d, 3d], events.Select(e => e.Value));
        Assert.Equal([ScrapeMs, 1795345957351L], events.Select(e => e.TimeUnixMs));
        Assert.Equal(2, rejects.Count);
        Assert.Equal(3, rejects[0].RecordIndex);
        Assert.StartsWith("line 3: unterminated value of label 'gpu'", rejects[0].Message, StringComparison.Ordinal);
        Assert.Equal(unit.IndexOf("DCGM_FI_DEV_GPU_UTIL{gpu=\"1", StringComparison.Ordinal) + 30, rejects[0].ByteOffset); // end of that line
        Assert.Equal(6, rejects[1].RecordIndex);
        Assert.Contains("sample value 'x'", rejects[1].Message, StringComparison.Ordinal);
        Assert.Equal(unit.Length - 1, rejects[1].ByteOffset);
    }

    [Fact]
    public void TryParse_OpenMetricsWithEof_TimestampsInSeconds()
    {
        // (This test used to declare the UNIT of another family between the TYPE and the samples, which interleaves
        // two families: invalid OpenMetrics, now rejected.)
        const string unit = "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 1795345957.351\n# EOF\n";
        var parser = new PrometheusUnitParser();
        var (ok, events, _, failure) = Parse(parser, unit);
        Assert.True(ok, failure.Message);
        Assert.Equal(1795345957351L, Assert.Single(events).TimeUnixMs);
        Assert.True(parser.Parser.IsOpenMetrics);
    }

    [Fact]
    public void TryParse_EofOnlyDetectedAtEnd_StillAppliesOpenMetricsToEarlierLines()
    {
        var (ok, events, _, failure) = Parse(new PrometheusUnitParser(), "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 1795345957.5\n# EOF");
        Assert.True(ok, failure.Message);
        Assert.Equal(1795345957500L, Assert.Single(events).TimeUnixMs);
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\nDCGM_FI_DEV_GPU_TEMP{gpu=\"1} 62\n# EOF\n", "line 2: unterminated")]
    [InlineData("DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\n# a comment\n# EOF\n", "line 2: OpenMetrics allows no comments")]
    [InlineData("DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\n# EOF\nDCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 62\n", "line 3: content after '# EOF'")]
    [InlineData("# UNIT DCGM_FI_DEV_GPU_TEMP_celsius celsius\nDCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\n", "does not end with '# EOF'")]
    [InlineData("DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\r\n# EOF\r\n", "carriage return")]
    public void TryParse_InvalidOpenMetrics_RejectedWhole(string unit, string message)
    {
        using var output = new EventBuffer();
        output.Add(TelemetryEvent.NewSample(EventKind.GpuSample, 1, DimsPool.Shared.Intern(default), "earlier", 1));
        var rejects = new List<ParseError>();
        var ok = new PrometheusUnitParser().TryParse(Encoding.UTF8.GetBytes(unit), output, rejects, out var failure);
        Assert.False(ok);
        Assert.Equal(1, output.Count); // events of the rejected unit rolled back, earlier ones kept
        Assert.Empty(rejects);
        Assert.Equal(-1, failure.RecordIndex);
        Assert.Equal(RejectReason.Malformed, failure.Reason);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ForcedOpenMetricsWithoutEof_RejectedWhole()
    {
        var parser = new PrometheusUnitParser(new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics });
        var (ok, events, _, failure) = Parse(parser, "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\n");
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Contains("# EOF", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EmptyUnit_AcceptedWithNothing()
    {
        var (ok, events, rejects, _) = Parse(new PrometheusUnitParser(), "");
        Assert.True(ok);
        Assert.Empty(events);
        Assert.Empty(rejects);
    }

    [Fact]
    public void TryParse_ConsecutiveUnits_DetectionResetBetweenScrapes()
    {
        var parser = new PrometheusUnitParser();
        Assert.True(Parse(parser, "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 1795345957.5\n# EOF\n").Ok);
        var (ok, events, rejects, _) = Parse(parser, "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 1795345957351\n");
        Assert.True(ok);
        Assert.Empty(rejects);
        Assert.Equal(1795345957351L, Assert.Single(events).TimeUnixMs);
    }

    [Fact]
    public void TryParse_H100Trace_MapsEveryGpuSample()
    {
        byte[] trace;
        using (var gz = new GZipStream(File.OpenRead(TestData.Path("h100-trace-a", "dcgm.prom.gz")), CompressionMode.Decompress))
        using (var copy = new MemoryStream())
        {
            gz.CopyTo(copy);
            trace = copy.ToArray();
        }

        var parser = new PrometheusUnitParser();
        var (ok, events, rejects, failure) = Parse(parser, trace);
        Assert.True(ok, failure.Message);
        Assert.Empty(rejects);
        Assert.Equal(4675, events.Length);
        Assert.Equal(4675, parser.Parser.GpuSamples);
        Assert.Equal(0, parser.Parser.SkippedSamples);
        Assert.All(events, e =>
        {
            Assert.Equal("aks-gpu-0", e.Dims.Host);
            Assert.Equal("chat-prod", e.Dims.Deployment);
            Assert.Equal("GPU-3a6d89bc-df24-b66e-8801-dfc455b74600", e.Dims.Gpu);
            Assert.Same(events[0].Dims, e.Dims);
        });
        Assert.Equal(1795345957351L, events[0].TimeUnixMs);
        Assert.Equal(1795346381351L, events[^1].TimeUnixMs);
        Assert.Equal(425, events.Count(e => ReferenceEquals(e.Metric, DcgmFields.GpuUtil)));
    }

    private static (bool Ok, TelemetryEvent[] Events, List<ParseError> Rejects, ParseError Failure) Parse(
        PrometheusUnitParser parser, string unit) => Parse(parser, Encoding.UTF8.GetBytes(unit));

    private static (bool Ok, TelemetryEvent[] Events, List<ParseError> Rejects, ParseError Failure) Parse(
        PrometheusUnitParser parser, byte[] unit)
    {
        using var output = new EventBuffer();
        var rejects = new List<ParseError>();
        var ok = parser.TryParse(unit, output, rejects, out var failure);
        return (ok, output.Span.ToArray(), rejects, failure);
    }
}
