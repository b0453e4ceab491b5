using System.Globalization;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Writes the network counters of simulated scrapes: dcgm-exporter's NVLink/PCIe counters with the GPU's labels
/// (names and types of <c>etc/default-counters.csv</c>), and node-exporter's InfiniBand port counters of the GPU's HCA
/// (labels <c>device</c>, <c>port</c> and the scrape target's <c>instance</c>/<c>job</c>).
/// </summary>
internal static class NetworkTextWriter
{
    private static readonly (string Family, string Type, string Help)[] Families =
    [
        ("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", "counter", "Total number of NVLink flow-control CRC errors."),
        ("DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL", "counter", "Total number of NVLink retries."),
        ("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries."),
        ("node_infiniband_link_downed_total", "counter", "Number of times the link failed to recover from an error state and went down"),
        ("node_infiniband_symbol_error_total", "counter", "Number of minor link errors detected on one or more physical lanes."),
        ("node_infiniband_port_data_received_bytes_total", "counter", "Number of data octets received on all links"),
        ("node_infiniband_port_data_transmitted_bytes_total", "counter", "Number of data octets transmitted on all links"),
    ];

    /// <summary>Writes HELP/TYPE of the network families when any sample carries network counters.</summary>
    public static void WriteHeader(TextWriter text, IReadOnlyList<SimGpuSample> samples)
    {
        if (samples.Count == 0 || samples[0].Network is null)
        {
            return;
        }

        foreach (var (family, type, help) in Families)
        {
            text.WriteLine("# HELP " + family + " " + help);
            text.WriteLine("# TYPE " + family + " " + type);
        }
    }

    /// <summary>Writes the network lines of one GPU scrape (nothing when it carries none).</summary>
    public static void WriteSample(TextWriter text, in SimGpuSample s, string gpuLabels, string suffix)
    {
        if (s.Network is not { } n)
        {
            return;
        }

        var gpu = SimFleet.Gpus[s.Gpu];
        var port = string.Create(CultureInfo.InvariantCulture,
            $"{{device=\"mlx5_{gpu.Index}\",instance=\"{gpu.Host}:9100\",job=\"node-exporter\",port=\"1\"}}");
        Line(text, Families[0].Family, gpuLabels, n.NvlinkCrcFlit, suffix);
        Line(text, Families[1].Family, gpuLabels, n.NvlinkReplay, suffix);
        Line(text, Families[2].Family, gpuLabels, n.PcieReplay, suffix);
        Line(text, Families[3].Family, port, n.IbLinkDowned, suffix);
        Line(text, Families[4].Family, port, n.IbSymbolErrors, suffix);
        Line(text, Families[5].Family, port, n.IbRxBytes, suffix);
        Line(text, Families[6].Family, port, n.IbTxBytes, suffix);
    }

    private static void Line(TextWriter text, string family, string labels, long value, string suffix)
    {
        text.Write(family);
        text.Write(labels);
        text.Write(' ');
        text.Write(value.ToString(CultureInfo.InvariantCulture));
        text.WriteLine(suffix);
    }
}
