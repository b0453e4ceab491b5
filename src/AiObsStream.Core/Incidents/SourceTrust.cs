using AiObsStream.Core.Events;

namespace AiObsStream.Core.Incidents;

/// <summary>
/// Which source of the same calls is trusted for a metric, when several saw them (lower rank = more trusted).
/// </summary>
/// <remarks>
/// Request counts, latency, 429s and errors: the Azure OpenAI diagnostic log first; it is written by the service for
/// every call, including those a client never saw complete, then App Insights (client-side SDK telemetry), then the
/// structured application log. TTFT, queue time, tokens per second and token counts: the client-side telemetry first
/// (App Insights, then the log), as the service log carries no TTFT. GPU metrics: DCGM, the only source that measures
/// them. Unknown sources come last, in ordinal order.
/// </remarks>
internal static class SourceTrust
{
    private static readonly string[] ServiceFirst = ["AzureOpenAI", "AzureMetrics", "AppInsights", "Log", "DCGM"];
    private static readonly string[] ClientFirst = ["AppInsights", "Log", "AzureOpenAI", "AzureMetrics", "DCGM"];
    private static readonly string[] GpuFirst = ["DCGM", "AzureOpenAI", "AzureMetrics", "AppInsights", "Log"];

    /// <summary>The rank of <paramref name="source"/> for <paramref name="metric"/> (0 = most trusted).</summary>
    public static int Rank(string metric, string source)
    {
        var order = OrderFor(metric);
        var i = Array.IndexOf(order, source);
        return i >= 0 ? i : order.Length;
    }

    /// <summary>True when <paramref name="candidate"/> is trusted over <paramref name="current"/> for the metric.</summary>
    public static bool Prefer(string metric, string candidate, string current)
    {
        var a = Rank(metric, candidate);
        var b = Rank(metric, current);
        return a != b ? a < b : string.CompareOrdinal(candidate, current) < 0;
    }

    private static string[] OrderFor(string metric) => metric switch
    {
        MetricNames.Requests or MetricNames.LatencyMs or MetricNames.Http429 or MetricNames.Errors => ServiceFirst,
        MetricNames.GpuUtil or MetricNames.FbUsedPct or MetricNames.GpuTempC or MetricNames.PowerW or MetricNames.SmClockMhz
            or MetricNames.MemCopyUtil or MetricNames.EccDbe or MetricNames.EccSbe or MetricNames.Xid or MetricNames.XidCritical => GpuFirst,
        _ => ClientFirst,
    };
}
