using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Network;

/// <summary>
/// The built-in network threshold rules (appended to <see cref="DefaultRules.All"/>); every field can be overridden in
/// the config file like any rule. Their names start with <see cref="Prefix"/>, which the incident layer reads as the
/// <c>network</c> cause.
/// </summary>
/// <remarks>
/// Thresholds follow what the hardware promises, not any capture: NVLink and InfiniBand links are specified for bit
/// error rates where a healthy link shows no CRC, replay or recovery event in a minute, and a link that goes down
/// has failed (the same "any increase" reading as Prometheus alerting guides: <c>increase(...[10m]) &gt; 0</c>);
/// PCIe replays are retried transparently by the link layer, so a few per window are noise and only a steady stream
/// (more than 8 per window, a threshold of our choosing) is worth a warning.
/// Symbol errors are tolerated by the InfiniBand spec up to a low rate, so a handful is a warning and only hundreds
/// a failing cable.
/// </remarks>
public static class NetworkRules
{
    /// <summary>The prefix of every network rule name.</summary>
    public const string Prefix = "network-";

    /// <summary>The rules.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new() { Name = "network-nvlink-errors", Metric = NetworkMetricNames.NvlinkErrors, Statistic = Statistic.Sum, Warning = 0, Critical = 100, Unit = "errors" },
        new() { Name = "network-pcie-replays", Metric = NetworkMetricNames.PcieReplays, Statistic = Statistic.Sum, Warning = 8, Critical = 100, Unit = "replays" },
        new() { Name = "network-ib-link-down", Metric = NetworkMetricNames.IbLinkDowned, Statistic = Statistic.Sum, Critical = 0, Unit = "link downs" },
        new() { Name = "network-ib-errors", Metric = NetworkMetricNames.IbErrors, Statistic = Statistic.Sum, Warning = 10, Critical = 1000, Unit = "errors" },
    ];
}
