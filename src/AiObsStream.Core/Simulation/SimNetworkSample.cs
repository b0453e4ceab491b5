namespace AiObsStream.Core.Simulation;

/// <summary>The network counters of one GPU at a scrape: its NVLink and PCIe counters (dcgm-exporter) and those of its
/// InfiniBand port (node-exporter; one HCA per GPU, <c>mlx5_&lt;gpu index&gt;</c> port 1, as on ND H100 v5 nodes).</summary>
/// <param name="NvlinkCrcFlit">NVLink CRC flit errors since the driver loaded.</param>
/// <param name="NvlinkReplay">NVLink replay errors since the driver loaded.</param>
/// <param name="PcieReplay">PCIe replays since the driver loaded.</param>
/// <param name="IbLinkDowned">Times the port's link went down.</param>
/// <param name="IbSymbolErrors">Symbol errors of the port.</param>
/// <param name="IbRxBytes">Data received by the port, bytes.</param>
/// <param name="IbTxBytes">Data transmitted by the port, bytes.</param>
public readonly record struct SimNetworkSample(
    long NvlinkCrcFlit, long NvlinkReplay, long PcieReplay, long IbLinkDowned, long IbSymbolErrors, long IbRxBytes, long IbTxBytes);
