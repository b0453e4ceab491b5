using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <summary>The metrics with a fixed slot per series group (everything except dynamic names such as platform metrics).</summary>
internal enum FixedMetric
{
    Requests,
    LatencyMs,
    TtftMs,
    QueueMs,
    Http429,
    Errors,
    TokensPrompt,
    TokensCompletion,
    TokensTotal,
    TokensPerSecond,
    GpuUtil,
    MemCopyUtil,
    FbUsedPct,
    GpuTempC,
    PowerW,
    SmClockMhz,
    EccDbe,
    EccSbe,
    Xid,
    XidCritical,
    AuditEvents,

    /// <summary>Prompt tokens of successful calls only: what Azure bills (see <c>CostMetricNames.TokensPromptBilled</c>).</summary>
    TokensPromptBilled,

    /// <summary>Completion tokens of successful calls only.</summary>
    TokensCompletionBilled,

    /// <summary>Requests whose prompt the content filter rejected (slot created only when one is seen: rows elsewhere stay as they were).</summary>
    ContentFilterPrompt,

    /// <summary>Completions the content filter cut (slot created only when one is seen).</summary>
    ContentFilterCompletion,
}

/// <summary>Names and traits of <see cref="FixedMetric"/> values.</summary>
internal static class FixedMetrics
{
    public const int Count = (int)FixedMetric.ContentFilterCompletion + 1;

    /// <summary>The metric name of each slot.</summary>
    public static readonly string[] Names =
    [
        MetricNames.Requests, MetricNames.LatencyMs, MetricNames.TtftMs, MetricNames.QueueMs, MetricNames.Http429,
        MetricNames.Errors, MetricNames.TokensPrompt, MetricNames.TokensCompletion, MetricNames.TokensTotal,
        MetricNames.TokensPerSecond, MetricNames.GpuUtil, MetricNames.MemCopyUtil, MetricNames.FbUsedPct,
        MetricNames.GpuTempC, MetricNames.PowerW, MetricNames.SmClockMhz, MetricNames.EccDbe, MetricNames.EccSbe,
        MetricNames.Xid, MetricNames.XidCritical, MetricNames.AuditEvents,
        Cost.CostMetricNames.TokensPromptBilled, Cost.CostMetricNames.TokensCompletionBilled,
        MetricNames.ContentFilterPrompt, MetricNames.ContentFilterCompletion,
    ];

    /// <summary>Whether the slot keeps a quantile sketch (value distributions) or only counts/sums.</summary>
    public static bool HasPercentiles(FixedMetric m) => m switch
    {
        FixedMetric.Requests or FixedMetric.Http429 or FixedMetric.Errors or FixedMetric.EccDbe
            or FixedMetric.EccSbe or FixedMetric.Xid or FixedMetric.XidCritical or FixedMetric.AuditEvents
            or FixedMetric.TokensPromptBilled or FixedMetric.TokensCompletionBilled
            or FixedMetric.ContentFilterPrompt or FixedMetric.ContentFilterCompletion => false,
        _ => true,
    };

    /// <summary>Whether the row carries a per-minute Rate (RPM, TPM).</summary>
    public static bool HasRate(FixedMetric m) => m is FixedMetric.Requests or FixedMetric.TokensTotal
        or FixedMetric.TokensPrompt or FixedMetric.TokensCompletion;

    /// <summary>Whether the row carries a Share of requests.</summary>
    public static bool HasShare(FixedMetric m) => m is FixedMetric.Http429 or FixedMetric.Errors
        or FixedMetric.ContentFilterPrompt or FixedMetric.ContentFilterCompletion;
}
