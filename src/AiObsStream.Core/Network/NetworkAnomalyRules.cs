using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Network;

/// <summary>
/// The built-in anomaly rules on network throughput (appended to <see cref="AnomalyOptions.Defaults"/>): a sudden drop
/// of the data an InfiniBand port or a GPU's NVLinks carry. An anomaly on a network metric gives incidents the
/// <c>network</c> cause.
/// </summary>
/// <remarks>
/// <para>Only drops, and only of the fabrics whose traffic a failing link takes away: a flapping or degraded InfiniBand
/// port (symbol errors, retraining, a lane down) and a GPU that lost NVLinks (its peer traffic stalls or falls back to
/// PCIe) carry less data for the same load. A rise is load, not a fault.</para>
/// <para>PCIe throughput has no default rule: in inference it is host-to-device copies (weights at load, inputs and
/// outputs, KV offload), which follow the load in both directions, and a down-trained link (fewer lanes, a lower
/// generation) rarely caps an inference GPU's PCIe traffic, so neither a drop nor a rise says "faulty link" by itself;
/// the PCIe fault signal is <c>pcie_replays</c> (<see cref="NetworkRules"/>). Add one in <c>anomaly.rules</c> where a
/// workload saturates PCIe.</para>
/// <para>The floors (<see cref="AnomalyFloors"/>) ask for half the usual throughput gone and a minimum in bytes/s, so that
/// the batch-to-batch swings of the load do not alert. A deployment whose traffic stops at once still drops its ports'
/// throughput (the simulator's gpu-idle does), so a drop is evidence, not a cause of its own: it joins a network
/// incident open on its host (opened by a link error or link-down rule) and opens none by itself.</para>
/// </remarks>
public static class NetworkAnomalyRules
{
    /// <summary>The rules.</summary>
    public static IReadOnlyList<AnomalyRuleDefinition> All { get; } =
    [
        Down(NetworkMetricNames.IbRxBytesPerSecond),
        Down(NetworkMetricNames.IbTxBytesPerSecond),
        Down(NetworkMetricNames.NvlinkRxBytesPerSecond),
        Down(NetworkMetricNames.NvlinkTxBytesPerSecond),
        Down(NetworkMetricNames.NvlinkBandwidthPerSecond),
    ];

    /// <summary>
    /// Whether <paramref name="metric"/> is a throughput of a link (InfiniBand, NVLink or PCIe bytes per second): its
    /// level follows the load, so a drop names the network only beside a link's own error signal (see
    /// <see cref="Incidents.IncidentCorrelator"/>).
    /// </summary>
    public static bool IsThroughput(string metric) => metric is NetworkMetricNames.IbRxBytesPerSecond or NetworkMetricNames.IbTxBytesPerSecond
        or NetworkMetricNames.NvlinkRxBytesPerSecond or NetworkMetricNames.NvlinkTxBytesPerSecond or NetworkMetricNames.NvlinkBandwidthPerSecond
        or NetworkMetricNames.PcieRxBytesPerSecond or NetworkMetricNames.PcieTxBytesPerSecond;

    private static AnomalyRuleDefinition Down(string metric) =>
        new() { Metric = metric, Statistic = Statistic.Mean, Direction = AnomalyDirection.Down };
}
