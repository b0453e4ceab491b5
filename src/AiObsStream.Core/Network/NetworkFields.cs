namespace AiObsStream.Core.Network;

/// <summary>
/// The exporter fields read as network signals and what each becomes (the table in the README's "Network" section).
/// </summary>
/// <remarks>
/// dcgm-exporter (<c>etc/default-counters.csv</c>, <c>etc/dcp-metrics-included.csv</c>): the DCP profiling fields
/// <c>DCGM_FI_PROF_{NVLINK,PCIE}_{TX,RX}_BYTES</c> are gauges in bytes/s (PCIe TX/RX are enabled by default, NVLink
/// TX/RX with the DCP list); <c>DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL</c> and <c>DCGM_FI_DEV_PCIE_REPLAY_COUNTER</c> are
/// default counters; the four NVLink error totals (DCGM field ids 409/419/429/439 summed over links) are counters
/// commented out in the default CSV, enabled by operators who watch the fabric. node-exporter's infiniband collector
/// (labels <c>device</c>, <c>port</c>) exposes port counters read from <c>/sys/class/infiniband</c>; the data
/// counters are already in bytes (the collector multiplies the 4-lane word counts). Counters become increases with
/// the same reset rule as ECC (a drop means the counter restarted, and the new value is the increase).
/// </remarks>
public static class NetworkFields
{
    private static readonly Dictionary<string, NetworkField> Table = Build(
    [
        new("DCGM_FI_PROF_NVLINK_TX_BYTES", NetworkMetricNames.NvlinkTxBytesPerSecond, NetworkFieldMode.Gauge),
        new("DCGM_FI_PROF_NVLINK_RX_BYTES", NetworkMetricNames.NvlinkRxBytesPerSecond, NetworkFieldMode.Gauge),
        new("DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", NetworkMetricNames.NvlinkBandwidthPerSecond, NetworkFieldMode.Rate),
        new("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", NetworkMetricNames.NvlinkErrors, NetworkFieldMode.Increase),
        new("DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL", NetworkMetricNames.NvlinkErrors, NetworkFieldMode.Increase),
        new("DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL", NetworkMetricNames.NvlinkErrors, NetworkFieldMode.Increase),
        new("DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL", NetworkMetricNames.NvlinkErrors, NetworkFieldMode.Increase),
        new("DCGM_FI_PROF_PCIE_TX_BYTES", NetworkMetricNames.PcieTxBytesPerSecond, NetworkFieldMode.Gauge),
        new("DCGM_FI_PROF_PCIE_RX_BYTES", NetworkMetricNames.PcieRxBytesPerSecond, NetworkFieldMode.Gauge),
        new("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", NetworkMetricNames.PcieReplays, NetworkFieldMode.Increase),
        new(InfinibandReceivedBytes, NetworkMetricNames.IbRxBytesPerSecond, NetworkFieldMode.Rate),
        new(InfinibandTransmittedBytes, NetworkMetricNames.IbTxBytesPerSecond, NetworkFieldMode.Rate),
        new("node_infiniband_link_downed_total", NetworkMetricNames.IbLinkDowned, NetworkFieldMode.Increase),
        new("node_infiniband_symbol_error_total", NetworkMetricNames.IbErrors, NetworkFieldMode.Increase),
        new("node_infiniband_port_receive_errors_total", NetworkMetricNames.IbErrors, NetworkFieldMode.Increase),
        new("node_infiniband_link_error_recovery_total", NetworkMetricNames.IbErrors, NetworkFieldMode.Increase),
    ]);

    /// <summary>node-exporter: data received on the port, bytes (counter).</summary>
    public const string InfinibandReceivedBytes = "node_infiniband_port_data_received_bytes_total";

    /// <summary>node-exporter: data transmitted on the port, bytes (counter).</summary>
    public const string InfinibandTransmittedBytes = "node_infiniband_port_data_transmitted_bytes_total";

    /// <summary>The prefix of node-exporter's InfiniBand metrics.</summary>
    public const string InfinibandPrefix = "node_infiniband_";

    /// <summary>Every field, in table order.</summary>
    public static IReadOnlyCollection<NetworkField> All => Table.Values;

    /// <summary>Looks up an exposition name (exact, ordinal).</summary>
    /// <param name="source">The metric name as exposed.</param>
    /// <param name="field">The field when known.</param>
    /// <returns>True when <paramref name="source"/> is a network field.</returns>
    public static bool TryGet(string source, out NetworkField field) => Table.TryGetValue(source, out field);

    /// <summary>The fields that feed <paramref name="metric"/> (a reordered sample rebuilds the metric from all of them).</summary>
    /// <param name="metric">An engine metric name.</param>
    /// <returns>The exposition names, in table order.</returns>
    public static IEnumerable<string> SourcesOf(string metric)
    {
        foreach (var field in Table.Values)
        {
            if (field.Metric == metric)
            {
                yield return field.Source;
            }
        }
    }

    private static Dictionary<string, NetworkField> Build(NetworkField[] fields)
    {
        var table = new Dictionary<string, NetworkField>(fields.Length, StringComparer.Ordinal);
        foreach (var f in fields)
        {
            table.Add(f.Source, f);
        }

        return table;
    }
}
