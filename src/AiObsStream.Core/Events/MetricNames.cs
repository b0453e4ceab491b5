namespace AiObsStream.Core.Events;

/// <summary>Names of the metrics the engine derives (the <c>Metric</c> column of AiObsMetrics_CL).</summary>
public static class MetricNames
{
    /// <summary>Requests of all statuses; Rate = requests per minute (RPM).</summary>
    public const string Requests = "requests";

    /// <summary>Latency of successful requests, ms.</summary>
    public const string LatencyMs = "latency_ms";

    /// <summary>Time to first token, ms.</summary>
    public const string TtftMs = "ttft_ms";

    /// <summary>Queue time before processing, ms.</summary>
    public const string QueueMs = "queue_ms";

    /// <summary>Requests answered with HTTP 429; Share = fraction of all requests.</summary>
    public const string Http429 = "http_429";

    /// <summary>Failed requests other than 429 (status ≥ 400, or Success=false); Share = fraction of all requests.</summary>
    public const string Errors = "errors";

    /// <summary>Requests whose prompt the content filter rejected (HTTP 400, error code <c>content_filter</c>); Share = fraction
    /// of all requests of the series. A row appears only in windows with at least one such request.</summary>
    public const string ContentFilterPrompt = "content_filter_prompt";

    /// <summary>Completions the content filter cut (HTTP 200, finish reason <c>content_filter</c>); Share = fraction of all
    /// requests of the series. A row appears only in windows with at least one such completion.</summary>
    public const string ContentFilterCompletion = "content_filter_completion";

    /// <summary>Prompt (input) tokens per request; Sum = tokens in the window.</summary>
    public const string TokensPrompt = "tokens_prompt";

    /// <summary>Completion (output) tokens per request.</summary>
    public const string TokensCompletion = "tokens_completion";

    /// <summary>Prompt + completion tokens; Rate = tokens per minute (TPM).</summary>
    public const string TokensTotal = "tokens_total";

    /// <summary>Output tokens per second of generation per request.</summary>
    public const string TokensPerSecond = "tokens_per_s";

    /// <summary>GPU utilization, percent.</summary>
    public const string GpuUtil = "gpu_util";

    /// <summary>Framebuffer used as percent of used + free.</summary>
    public const string FbUsedPct = "fb_used_pct";

    /// <summary>GPU temperature, °C.</summary>
    public const string GpuTempC = "gpu_temp_c";

    /// <summary>Power draw, W.</summary>
    public const string PowerW = "power_w";

    /// <summary>SM clock, MHz.</summary>
    public const string SmClockMhz = "sm_clock_mhz";

    /// <summary>Memory copy utilization, percent.</summary>
    public const string MemCopyUtil = "mem_copy_util";

    /// <summary>Increase of volatile double-bit ECC errors in the window.</summary>
    public const string EccDbe = "ecc_dbe";

    /// <summary>Increase of volatile single-bit ECC errors in the window.</summary>
    public const string EccSbe = "ecc_sbe";

    /// <summary>Number of new XID errors in the window (changes of the last-XID gauge to a non-zero code).</summary>
    public const string Xid = "xid";

    /// <summary>Number of new XID errors whose code is critical (48, 63, 64, 74, 79, 92, 94, 95, 119, 120, 140).</summary>
    public const string XidCritical = "xid_critical";

    /// <summary>Audit (control-plane) events.</summary>
    public const string AuditEvents = "audit_events";
}
