using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

public class DcgmSampleMapperTests
{
    private const long ScrapeMs = 1_795_345_957_000;

    [Fact]
    public void Map_DcgmSample_BuildsGpuDimensions()
    {
        var e = Single("DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-5c8e\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\","
            + "Hostname=\"aks-gpunp-0\",container=\"vllm\",namespace=\"inference\",pod=\"vllm-gpt-5c8d9f7b6-x2x7q\"} 612.345000");
        Assert.Equal(EventKind.GpuSample, e.Kind);
        Assert.Same(DcgmFields.PowerUsage, e.Metric);
        Assert.Equal(612.345, e.Value);
        Assert.Equal(TelemetrySource.DCGM, e.Dims.Source);
        Assert.Equal("aks-gpunp-0", e.Dims.Host);
        Assert.Equal("GPU-5c8e", e.Dims.Gpu);
        Assert.Equal("vllm-gpt", e.Dims.Deployment);
        Assert.Equal(string.Empty, e.Dims.ModelName);
        Assert.Equal(string.Empty, e.Dims.ModelVersion);
        Assert.Equal(string.Empty, e.Dims.Resource);
        Assert.Equal(string.Empty, e.Dims.Operation);
        Assert.Null(e.Detail);
        Assert.Same(e.Dims, DimsPool.Shared.Intern(new DimsKey(TelemetrySource.DCGM, "vllm-gpt", "", "", "", "", "aks-gpunp-0", "GPU-5c8e")));
    }

    [Theory]
    [InlineData("{hostname=\"h-lower\",uuid=\"u-lower\"}", "h-lower", "u-lower")]
    [InlineData("{instance=\"10.0.0.4:9400\",gpu=\"3\"}", "10.0.0.4:9400", "3")]
    [InlineData("{Hostname=\"\",instance=\"i\",UUID=\"\",gpu=\"1\"}", "i", "1")]
    [InlineData("{Hostname=\"h\",instance=\"i\",UUID=\"u\",gpu=\"1\"}", "h", "u")]
    [InlineData("{}", "", "")]
    public void Map_HostAndGpuLabels_FollowFallbacks(string labels, string host, string gpu)
    {
        var e = Single("DCGM_FI_DEV_GPU_TEMP" + labels + " 61");
        Assert.Equal(host, e.Dims.Host);
        Assert.Equal(gpu, e.Dims.Gpu);
    }

    [Theory]
    [InlineData("{pod=\"chat-prod-7d9f\"}", "chat-prod")]
    [InlineData("{pod=\"vllm-0\"}", "vllm")]
    [InlineData("{deployment=\"explicit\",pod=\"chat-prod-7d9f\"}", "explicit")]
    [InlineData("{deployment=\"\",pod=\"chat-prod-7d9f\"}", "chat-prod")]
    [InlineData("{container=\"\",namespace=\"\",pod=\"\"}", "")]
    [InlineData("{pod_name=\"old-style-0\"}", "old-style")]
    [InlineData("{UUID=\"u\"}", "")]
    public void Map_DeploymentLabels_DeriveDeployment(string labels, string deployment)
    {
        Assert.Equal(deployment, Single("DCGM_FI_DEV_GPU_UTIL" + labels + " 1").Dims.Deployment);
    }

    [Fact]
    public void Map_OverrideMap_WinsOverPodDerivationButNotDeploymentLabel()
    {
        var overrides = new Dictionary<string, string> { ["vllm-0"] = "by-pod", ["node-b"] = "by-host" };
        var parser = new PrometheusTextParser(overrides);
        Assert.Equal("by-pod", Single(parser, "DCGM_FI_DEV_GPU_UTIL{Hostname=\"node-b\",pod=\"vllm-0\"} 1").Dims.Deployment);
        Assert.Equal("by-host", Single(parser, "DCGM_FI_DEV_GPU_UTIL{Hostname=\"node-b\",pod=\"other-1\"} 1").Dims.Deployment);
        Assert.Equal("by-host", Single(parser, "DCGM_FI_DEV_GPU_UTIL{Hostname=\"node-b\"} 1").Dims.Deployment);
        Assert.Equal("other", Single(parser, "DCGM_FI_DEV_GPU_UTIL{Hostname=\"node-c\",pod=\"other-1\"} 1").Dims.Deployment);
        Assert.Equal("lbl", Single(parser, "DCGM_FI_DEV_GPU_UTIL{deployment=\"lbl\",pod=\"vllm-0\"} 1").Dims.Deployment);
    }

    [Fact]
    public void Map_XidErrors_PutsErrCodeInDetail()
    {
        var parser = new PrometheusTextParser();
        var xid = Single(parser, "DCGM_FI_DEV_XID_ERRORS{gpu=\"0\",UUID=\"u\",err_code=\"79\",err_msg=\"GPU has fallen off the bus\"} 79");
        Assert.Equal("79", xid.Detail);
        Assert.Equal(79d, xid.Value);

        // Same label set on another field: the cached err_code must not leak into Detail.
        var other = Single(parser, "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"u\",err_code=\"79\",err_msg=\"GPU has fallen off the bus\"} 1");
        Assert.Null(other.Detail);
    }

    [Theory]
    [InlineData("9223372036854775794")]
    [InlineData("9223372036854775792")]
    [InlineData("9223372036854775807")]
    [InlineData("140737488355328.000000")] // DCGM_FP64_BLANK
    [InlineData("NaN")] // (+Inf used to be skipped here too; it is now an invalid_value reject, see PrometheusTextParserRulesTests)
    public void Map_BlankSentinelOrNaN_SkippedAndCounted(string value)
    {
        var parser = new PrometheusTextParser();
        using var output = new EventBuffer();
        Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} " + value), ScrapeMs, output, out _));
        Assert.Equal(0, output.Count);
        Assert.Equal(1, parser.SkippedSamples);
        Assert.Equal(0, parser.GpuSamples);
    }

    [Fact]
    public void Map_LargeValueBelowSentinel_Kept()
    {
        Assert.Equal(9.2e18, Single("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu=\"0\"} 9.2e18").Value);
    }

    [Fact]
    public void Map_NonDcgmFamily_IgnoredAndCounted()
    {
        var parser = new PrometheusTextParser();
        using var output = new EventBuffer();
        Assert.True(parser.TryParseLine("DCGM_EXP_XID_ERRORS_COUNT{gpu=\"0\"} 1"u8, ScrapeMs, output, out _));
        Assert.True(parser.TryParseLine("go_goroutines 42"u8, ScrapeMs, output, out _));
        Assert.Equal(0, output.Count);
        Assert.Equal(2, parser.IgnoredSamples);
        Assert.Equal(0, parser.SkippedSamples);
    }

    [Fact]
    public void Map_UnknownDcgmField_InternedOnce()
    {
        var parser = new PrometheusTextParser();
        var a = Single(parser, "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{gpu=\"0\"} 0.41");
        var b = Single(parser, "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{gpu=\"1\"} 0.42");
        Assert.Equal("DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", a.Metric);
        Assert.Same(a.Metric, b.Metric);
    }

    [Fact]
    public void Map_ManyGpusBeyondCacheSlots_DimensionsStayCorrect()
    {
        var parser = new PrometheusTextParser();
        for (var round = 0; round < 3; round++)
        {
            for (var gpu = 0; gpu < LabelSetCache.Slots + 5; gpu++)
            {
                var e = Single(parser, $"DCGM_FI_DEV_GPU_UTIL{{UUID=\"GPU-{gpu}\",Hostname=\"h\"}} {gpu % 100}");
                Assert.Equal("GPU-" + gpu.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Dims.Gpu);
            }
        }
    }

    private static TelemetryEvent Single(string line) => Single(new PrometheusTextParser(), line);

    private static TelemetryEvent Single(PrometheusTextParser parser, string line)
    {
        using var output = new EventBuffer();
        var ok = parser.TryParseLine(Encoding.UTF8.GetBytes(line), ScrapeMs, output, out var failure);
        Assert.True(ok, failure.Message);
        return Assert.Single(output.Span.ToArray());
    }
}
