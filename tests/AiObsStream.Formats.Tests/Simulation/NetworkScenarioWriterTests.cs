using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Prometheus;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

/// <summary>The network scenarios write dcgm-exporter NVLink/PCIe and node-exporter InfiniBand lines the parser reads back.</summary>
public class NetworkScenarioWriterTests
{
    [Fact]
    public void WriteAll_NetworkKinds_EveryLineParsesAndEveryCounterIsMapped()
    {
        string dir = Path.Combine(Path.GetTempPath(), "aiobs-sim-net-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new SimulationOptions
            {
                Minutes = 10, Seed = 3, RateScale = 0.1,
                Incidents = [new(IncidentKind.NvlinkErrors, 2), new(IncidentKind.InfinibandLinkFlap, 6)],
            };
            SimulationWriter.WriteAll(dir, TrafficSimulator.Generate(options));
            var parser = new PrometheusTextParser();
            using var buffer = new EventBuffer(64);
            foreach (var text in File.ReadLines(Path.Combine(dir, SimulationWriter.DcgmFile)))
            {
                Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(text), 0, buffer, out var failure), failure.Message);
            }

            var events = buffer.Span.ToArray();
            var gpuUtil = events.Count(e => e.Metric == DcgmFields.GpuUtil);
            foreach (var source in new[] { "DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", "DCGM_FI_DEV_PCIE_REPLAY_COUNTER",
                "node_infiniband_link_downed_total", NetworkFields.InfinibandReceivedBytes })
            {
                Assert.Equal(gpuUtil, events.Count(e => e.Metric == source));
            }

            var ports = events.Where(e => e.Metric == "node_infiniband_link_downed_total").Select(e => (e.Dims.Host, e.Dims.Gpu)).Distinct().Order();
            Assert.Equal([("aks-gpu-0", "ib:mlx5_0/1"), ("aks-gpu-0", "ib:mlx5_1/1"), ("aks-gpu-1", "ib:mlx5_0/1"), ("aks-gpu-1", "ib:mlx5_1/1")], ports);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WriteAll_NoNetworkKind_NoNetworkLines()
    {
        string dir = Path.Combine(Path.GetTempPath(), "aiobs-sim-net-" + Guid.NewGuid().ToString("N"));
        try
        {
            SimulationWriter.WriteAll(dir, TrafficSimulator.Generate(new SimulationOptions { Minutes = 4, Seed = 3, RateScale = 0.1 }));
            Assert.DoesNotContain(File.ReadLines(Path.Combine(dir, SimulationWriter.DcgmFile)),
                l => l.Contains("NVLINK", StringComparison.Ordinal) || l.Contains("infiniband", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
