using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>
/// NVLink/PCIe dcgm-exporter fields and node-exporter InfiniBand port counters, as the exporters write them
/// (dcgm-exporter <c>etc/default-counters.csv</c> / <c>dcp-metrics-included.csv</c> names and label order, formats.md
/// §2.2; node-exporter's infiniband collector: families <c>node_infiniband_*</c>, labels <c>device</c>, <c>port</c>).
/// </summary>
public class NetworkSampleMappingTests
{
    private const long ScrapeMs = 1_795_345_957_000;
    private const string GpuLabels = "{gpu=\"0\",UUID=\"GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93\",pci_bus_id=\"00000001:00:00.0\",device=\"nvidia0\","
        + "modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"aks-gpunp-36854149-vmss000005\",DCGM_FI_DRIVER_VERSION=\"550.90.07\","
        + "container=\"vllm\",namespace=\"inference\",pod=\"vllm-gpt-0\"}";

    [Theory]
    [InlineData("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", "3", NetworkMetricNames.NvlinkErrors)]
    [InlineData("DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL", "0", NetworkMetricNames.NvlinkErrors)]
    [InlineData("DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL", "12", NetworkMetricNames.NvlinkErrors)]
    [InlineData("DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL", "1", NetworkMetricNames.NvlinkErrors)]
    [InlineData("DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", "91833472", NetworkMetricNames.NvlinkBandwidthPerSecond)]
    [InlineData("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "0", NetworkMetricNames.PcieReplays)]
    [InlineData("DCGM_FI_PROF_PCIE_TX_BYTES", "2146483.000000", NetworkMetricNames.PcieTxBytesPerSecond)]
    [InlineData("DCGM_FI_PROF_PCIE_RX_BYTES", "8921447.000000", NetworkMetricNames.PcieRxBytesPerSecond)]
    [InlineData("DCGM_FI_PROF_NVLINK_TX_BYTES", "41234123412", NetworkMetricNames.NvlinkTxBytesPerSecond)]
    [InlineData("DCGM_FI_PROF_NVLINK_RX_BYTES", "41234000000", NetworkMetricNames.NvlinkRxBytesPerSecond)]
    public void Dcgm_NetworkField_MappedWithGpuDimensionsAndKnownToTheTable(string field, string value, string metric)
    {
        var e = Single(field + GpuLabels + " " + value);
        Assert.Equal(field, e.Metric);
        Assert.Equal("aks-gpunp-36854149-vmss000005", e.Dims.Host);
        Assert.Equal("GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a93", e.Dims.Gpu);
        Assert.Equal("vllm-gpt", e.Dims.Deployment);
        Assert.True(NetworkFields.TryGet(e.Metric!, out var f));
        Assert.Equal(metric, f.Metric);
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", "-1")]
    [InlineData("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "-5")]
    [InlineData("DCGM_FI_PROF_PCIE_TX_BYTES", "-1.000000")]
    public void Dcgm_NegativeNetworkValue_RejectedAsInvalidValueNamingTheRange(string field, string value)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), field + GpuLabels + " " + value);
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains(field, failure.Message, StringComparison.Ordinal);
        Assert.Contains("plausible range", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node_infiniband_port_data_received_bytes_total", "1.8446744073709552e+12")]
    [InlineData("node_infiniband_port_data_transmitted_bytes_total", "9.21e+11")]
    [InlineData("node_infiniband_link_downed_total", "2")]
    [InlineData("node_infiniband_symbol_error_total", "0")]
    [InlineData("node_infiniband_port_receive_errors_total", "0")]
    [InlineData("node_infiniband_link_error_recovery_total", "1")]
    public void Infiniband_PortCounter_MappedToAPortSeriesOnTheNode(string family, string value)
    {
        var e = Single(family + "{device=\"mlx5_0\",instance=\"10.224.0.7:9100\",job=\"node-exporter\",node=\"aks-gpunp-36854149-vmss000005\",port=\"1\"} " + value);
        Assert.Equal(EventKind.GpuSample, e.Kind);
        Assert.Equal(family, e.Metric);
        Assert.Equal(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), e.Value);
        Assert.Equal("aks-gpunp-36854149-vmss000005", e.Dims.Host); // the node label wins over the scrape target
        Assert.Equal("ib:mlx5_0/1", e.Dims.Gpu);
        Assert.Equal(TelemetrySource.DCGM, e.Dims.Source);
        Assert.Equal(string.Empty, e.Dims.Deployment);
        Assert.Equal(ScrapeMs, e.TimeUnixMs);
    }

    [Theory]
    [InlineData("{device=\"mlx5_1\",instance=\"10.224.0.7:9100\",port=\"1\"}", "10.224.0.7")]
    [InlineData("{device=\"mlx5_1\",instance=\"[fd00::7]:9100\",port=\"1\"}", "fd00::7")]
    [InlineData("{device=\"mlx5_1\",instance=\"gpu-node-3\",port=\"1\"}", "gpu-node-3")]
    [InlineData("{Hostname=\"h1\",device=\"mlx5_1\",instance=\"10.0.0.1:9100\",port=\"1\"}", "h1")]
    public void Infiniband_HostFallsBackToInstanceWithoutPort(string labels, string host)
    {
        Assert.Equal(host, Single("node_infiniband_link_downed_total" + labels + " 0").Dims.Host);
    }

    [Fact]
    public void Infiniband_HostOverrideGivesTheDeployment()
    {
        var parser = new PrometheusTextParser(new Dictionary<string, string> { ["gpu-node-3"] = "chat-prod" });
        var e = Single(parser, "node_infiniband_link_downed_total{device=\"mlx5_0\",node=\"gpu-node-3\",port=\"1\"} 0");
        Assert.Equal("chat-prod", e.Dims.Deployment);
    }

    [Theory]
    [InlineData("node_infiniband_link_downed_total{node=\"n\",port=\"1\"} 3", "no device or port label")]
    [InlineData("node_infiniband_symbol_error_total{device=\"mlx5_0\",node=\"n\"} 3", "no device or port label")]
    [InlineData("node_infiniband_symbol_error_total{device=\"mlx5_0\",port=\"1\"} 3", "no host label")]
    [InlineData("node_infiniband_port_receive_errors_total{device=\"mlx5_0\",node=\"n\",port=\"1\"} -4", "never negative")]
    [InlineData("node_infiniband_port_data_received_bytes_total{device=\"mlx5_0\",node=\"n\",port=\"1\"} NaN", "never negative")]
    [InlineData("node_infiniband_link_downed_total{device=\"mlx5_0\",node=\"n\",port=\"1\"} +Inf", "finite")]
    public void Infiniband_BadSample_RejectedWithASpecificReason(string line, string reason)
    {
        var (ok, events, failure) = Parse(new PrometheusTextParser(), line);
        Assert.False(ok);
        Assert.Empty(events);
        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("node_infiniband_", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node_infiniband_info{board_id=\"MT_0000000838\",device=\"mlx5_0\",firmware_version=\"28.39.1002\",hca_type=\"MT4129\"} 1")]
    [InlineData("node_infiniband_rate_bytes_per_second{device=\"mlx5_0\",port=\"1\"} 5e+10")]
    [InlineData("node_infiniband_state_id{device=\"mlx5_0\",port=\"1\"} 4")]
    [InlineData("node_network_receive_bytes_total{device=\"eth0\"} 12345")]
    public void OtherFamilies_IgnoredNotRejected(string line)
    {
        var (ok, events, _) = Parse(new PrometheusTextParser(), line);
        Assert.True(ok);
        Assert.Empty(events);
    }

    [Fact]
    public void Infiniband_WholeScrapeWithHelpAndType_MapsEveryReadPortCounter()
    {
        const string scrape = """
            # HELP node_infiniband_link_downed_total Number of times the link failed to recover from an error state and went down
            # TYPE node_infiniband_link_downed_total counter
            node_infiniband_link_downed_total{device="mlx5_0",port="1"} 0
            node_infiniband_link_downed_total{device="mlx5_1",port="1"} 1
            # HELP node_infiniband_port_data_received_bytes_total Number of data octets received on all links
            # TYPE node_infiniband_port_data_received_bytes_total counter
            node_infiniband_port_data_received_bytes_total{device="mlx5_0",port="1"} 1.8446744073709552e+12
            node_infiniband_port_data_received_bytes_total{device="mlx5_1",port="1"} 2.3e+12
            """;
        var parser = new PrometheusTextParser(new Dictionary<string, string>());
        using var output = new EventBuffer();
        foreach (var line in scrape.Split('\n'))
        {
            Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(line.Replace("}", ",instance=\"gpu-node-3:9100\"}", StringComparison.Ordinal)),
                ScrapeMs, output, out var failure), failure.Message);
        }

        var events = output.Span.ToArray();
        Assert.Equal(4, events.Length);
        Assert.All(events, e => Assert.Equal("gpu-node-3", e.Dims.Host));
        Assert.Equal(["ib:mlx5_0/1", "ib:mlx5_1/1", "ib:mlx5_0/1", "ib:mlx5_1/1"], events.Select(e => e.Dims.Gpu));
    }

    private static TelemetryEvent Single(string line) => Single(new PrometheusTextParser(), line);

    private static TelemetryEvent Single(PrometheusTextParser parser, string line)
    {
        var (ok, events, failure) = Parse(parser, line);
        Assert.True(ok, failure.Message);
        return Assert.Single(events);
    }

    private static (bool Ok, TelemetryEvent[] Events, ParseError Failure) Parse(PrometheusTextParser parser, string line)
    {
        using var output = new EventBuffer();
        var ok = parser.TryParseLine(Encoding.UTF8.GetBytes(line), ScrapeMs, output, out var failure);
        return (ok, output.Span.ToArray(), failure);
    }
}
