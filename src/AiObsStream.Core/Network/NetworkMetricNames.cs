namespace AiObsStream.Core.Network;

/// <summary>The network metrics the engine derives (the <c>Metric</c> column), one per signal a rule can watch.</summary>
public static class NetworkMetricNames
{
    /// <summary>NVLink data transmitted, bytes/s (DCGM profiling field, a gauge per GPU).</summary>
    public const string NvlinkTxBytesPerSecond = "nvlink_tx_bytes_per_s";

    /// <summary>NVLink data received, bytes/s.</summary>
    public const string NvlinkRxBytesPerSecond = "nvlink_rx_bytes_per_s";

    /// <summary>Rate of the NVLink bandwidth counter summed over all links (counter units per second).</summary>
    public const string NvlinkBandwidthPerSecond = "nvlink_bandwidth_per_s";

    /// <summary>Increase of NVLink CRC flit, CRC data, replay and recovery errors of a GPU (all links) in the window.</summary>
    public const string NvlinkErrors = "nvlink_errors";

    /// <summary>PCIe data transmitted by the GPU, bytes/s.</summary>
    public const string PcieTxBytesPerSecond = "pcie_tx_bytes_per_s";

    /// <summary>PCIe data received by the GPU, bytes/s.</summary>
    public const string PcieRxBytesPerSecond = "pcie_rx_bytes_per_s";

    /// <summary>Increase of the GPU's PCIe replay counter (link-level retries) in the window.</summary>
    public const string PcieReplays = "pcie_replays";

    /// <summary>InfiniBand port data received, bytes/s.</summary>
    public const string IbRxBytesPerSecond = "ib_rx_bytes_per_s";

    /// <summary>InfiniBand port data transmitted, bytes/s.</summary>
    public const string IbTxBytesPerSecond = "ib_tx_bytes_per_s";

    /// <summary>Times the InfiniBand port's link went down in the window (a flap is one or more).</summary>
    public const string IbLinkDowned = "ib_link_downed";

    /// <summary>InfiniBand symbol, receive and link-recovery errors of the port in the window.</summary>
    public const string IbErrors = "ib_errors";

    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        NvlinkTxBytesPerSecond, NvlinkRxBytesPerSecond, NvlinkBandwidthPerSecond, NvlinkErrors, PcieTxBytesPerSecond,
        PcieRxBytesPerSecond, PcieReplays, IbRxBytesPerSecond, IbTxBytesPerSecond, IbLinkDowned, IbErrors,
    };

    /// <summary>
    /// Whether <paramref name="metric"/> is one of these: the engine's own metrics, never evaluation scores (drift,
    /// quality attribution) even though their rows are named slots like evaluation scores.
    /// </summary>
    public static bool IsNetwork(string metric) => Names.Contains(metric);
}
