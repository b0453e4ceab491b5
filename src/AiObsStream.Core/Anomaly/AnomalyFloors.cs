using AiObsStream.Core.Events;

namespace AiObsStream.Core.Anomaly;

/// <summary>
/// Default practical-effect floors per metric: the smallest change an operator would act on (README: Anomaly rules).
/// A rule sets its own with <see cref="AnomalyRuleDefinition.MinAbsoluteChange"/> and
/// <see cref="AnomalyRuleDefinition.MinRelativeChange"/>; a metric not listed here has no floor by default (its unit and
/// scale are unknown, so any fixed floor would be a guess).
/// </summary>
public static class AnomalyFloors
{
    private static readonly Dictionary<string, AnomalyFloor> Defaults = new(StringComparer.Ordinal)
    {
        // Memory headroom is planned in whole percent of the frame buffer: a change under 5 points (4 GB of an 80 GB
        // H100) is allocator churn or a KV-cache resize, never something to page about; OOM risk needs tens of points.
        [MetricNames.FbUsedPct] = new(5, 0, "pts"),

        // Utilization swings with the batch mix from one scrape to the next; capacity decisions (scale out, move a
        // deployment) start at about 15 points of sustained change.
        [MetricNames.GpuUtil] = new(15, 0, "pts"),
        [MetricNames.MemCopyUtil] = new(15, 0, "pts"),

        // Board power follows utilization: 50 W is the smallest step visible on a rack power budget, and 20 % of the
        // usual draw keeps a large card (700 W) from alerting on its ordinary load swings.
        [MetricNames.PowerW] = new(50, 0.20, "W"),

        // Users notice latency in hundreds of milliseconds and in proportion to what they are used to: 200 ms, or a
        // quarter of the usual p95 for slower calls (a 4 s completion moving by 200 ms is nobody's problem).
        [MetricNames.LatencyMs] = new(200, 0.25, "ms"),
        [MetricNames.TtftMs] = new(200, 0.25, "ms"),
        [MetricNames.QueueMs] = new(200, 0.25, "ms"),

        // 5 °C is about the sensor's noise over a load swing; throttling starts tens of degrees above normal.
        [MetricNames.GpuTempC] = new(5, 0, "°C"),

        // Boost clocks move in 15 MHz steps with load and power; 100 MHz (~5 % of an H100's boost) is a real throttle.
        [MetricNames.SmClockMhz] = new(100, 0, "MHz"),

        // Network throughput follows the load from one scrape to the next (batch mix, prompt sizes): a fault takes away
        // half or more of it (a flapping InfiniBand port, a GPU that lost NVLinks). The absolute floors keep a nearly
        // idle link from alerting on its noise: 1 GB/s is 2 % of a 400 Gb/s NDR port, 10 GB/s about 1 % of an H100's
        // 900 GB/s NVLink. The NVLink bandwidth counter's unit is not documented, so it has the relative floor only.
        [Network.NetworkMetricNames.IbRxBytesPerSecond] = new(1e9, 0.5, "B/s"),
        [Network.NetworkMetricNames.IbTxBytesPerSecond] = new(1e9, 0.5, "B/s"),
        [Network.NetworkMetricNames.NvlinkRxBytesPerSecond] = new(10e9, 0.5, "B/s"),
        [Network.NetworkMetricNames.NvlinkTxBytesPerSecond] = new(10e9, 0.5, "B/s"),
        [Network.NetworkMetricNames.NvlinkBandwidthPerSecond] = new(0, 0.5, string.Empty),
    };

    /// <summary>The default floor of <paramref name="metric"/> (<see cref="AnomalyFloor.None"/> when it has none).</summary>
    public static AnomalyFloor For(string metric) => Defaults.GetValueOrDefault(metric, AnomalyFloor.None);
}
