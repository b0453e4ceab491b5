using AiObsStream.Core.Network;

namespace AiObsStream.Core.Tests.Network;

public class NetworkFieldsTests
{
    [Theory]
    [InlineData("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", NetworkFieldMode.Increase)]
    [InlineData("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", NetworkFieldMode.Increase)]
    [InlineData("DCGM_FI_PROF_PCIE_TX_BYTES", NetworkFieldMode.Gauge)]
    [InlineData("DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", NetworkFieldMode.Rate)]
    [InlineData("node_infiniband_port_data_received_bytes_total", NetworkFieldMode.Rate)]
    [InlineData("node_infiniband_link_downed_total", NetworkFieldMode.Increase)]
    public void TryGet_KnownField_HasItsMode(string source, NetworkFieldMode mode)
    {
        Assert.True(NetworkFields.TryGet(source, out var field));
        Assert.Equal(mode, field.Mode);
        Assert.Equal(mode != NetworkFieldMode.Increase, field.Percentiles);
        Assert.True(NetworkMetricNames.IsNetwork(field.Metric));
    }

    [Theory]
    [InlineData("DCGM_FI_DEV_GPU_UTIL")]
    [InlineData("dcgm_fi_dev_pcie_replay_counter")]
    [InlineData("node_infiniband_info")]
    [InlineData("")]
    public void TryGet_OtherName_False(string source) => Assert.False(NetworkFields.TryGet(source, out _));

    [Fact]
    public void SourcesOf_NvlinkErrors_AllFourErrorTotals()
    {
        Assert.Equal(
            ["DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", "DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL",
             "DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL", "DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL"],
            NetworkFields.SourcesOf(NetworkMetricNames.NvlinkErrors));
    }

    [Fact]
    public void Table_OneModePerMetric()
    {
        foreach (var group in NetworkFields.All.GroupBy(f => f.Metric))
        {
            Assert.Single(group.Select(f => f.Mode).Distinct());
        }
    }
}
