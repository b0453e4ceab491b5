namespace AiObsStream.Core.Events;

// Public fields on purpose: this struct is written and read per event on the hot path, passed by ref inside pooled
// arrays; properties would add copies in Debug and noise everywhere. Owned by one stage at a time (see EventBuffer).
#pragma warning disable CA1051

/// <summary>
/// One typed telemetry event: the unit every parser produces and every operator consumes.
/// A mutable struct held in pooled arrays (<see cref="EventBuffer"/>) so the hot path allocates nothing per event.
/// </summary>
/// <remarks>
/// <see cref="Kind"/> selects the meaningful fields. Numeric fields that a source does not carry are
/// <see cref="double.NaN"/>. Times are Unix milliseconds (UTC).
/// </remarks>
public struct TelemetryEvent
{
    /// <summary>Event time, Unix milliseconds UTC.</summary>
    public long TimeUnixMs;

    /// <summary>Interned dimensions (source, deployment, model, version, operation, resource, host, gpu).</summary>
    public SeriesDims Dims;

    /// <summary>What this event is.</summary>
    public EventKind Kind;

    /// <summary>
    /// Identity of the record for de-duplication (stable hash of correlationId, OperationId+Id or request_id,
    /// salted with the source); 0 when the record has no identity and cannot be de-duplicated.
    /// </summary>
    public ulong DedupKey;

    /// <summary>Request: HTTP status code (0 when unknown).</summary>
    public int Status;

    /// <summary>Request: whether the call succeeded (status 2xx/3xx, or the source's own success flag).</summary>
    public bool Success;

    /// <summary>Request: end-to-end latency in milliseconds.</summary>
    public double LatencyMs;

    /// <summary>Request: time to first token in milliseconds (NaN when unknown).</summary>
    public double TtftMs;

    /// <summary>Request: queue time in milliseconds (NaN when unknown).</summary>
    public double QueueMs;

    /// <summary>Request: prompt (input) tokens (NaN when unknown).</summary>
    public double PromptTokens;

    /// <summary>Request: completion (output) tokens (NaN when unknown).</summary>
    public double CompletionTokens;

    /// <summary>GpuSample / MetricPoint / Evaluation / Audit: the metric or field name (interned). Request: the content-filter
    /// outcome, <see cref="MetricNames.ContentFilterPrompt"/> or <see cref="MetricNames.ContentFilterCompletion"/>, null when
    /// the call was not filtered (or the source does not say).</summary>
    /// <remarks>Kept in this field, unused by requests otherwise, so that checkpoints and repartition envelopes carry it
    /// without a format change (both write every field).</remarks>
    public string? Metric;

    /// <summary>GpuSample / Evaluation: the value. MetricPoint: the total (sum) over the grain.</summary>
    public double Value;

    /// <summary>MetricPoint: number of samples aggregated (1 for a single sample).</summary>
    public double Count;

    /// <summary>MetricPoint: minimum over the grain.</summary>
    public double Min;

    /// <summary>MetricPoint: maximum over the grain.</summary>
    public double Max;

    /// <summary>Where the record came from inside its input (line number or message offset), for dead letters.</summary>
    public long Origin;

    /// <summary>GpuSample: an extra label carried with the value (the XID <c>err_code</c>), else null.</summary>
    public string? Detail;

    /// <summary>Creates a request event with all optional numbers set to NaN.</summary>
    public static TelemetryEvent NewRequest(long timeUnixMs, SeriesDims dims) => new()
    {
        TimeUnixMs = timeUnixMs,
        Dims = dims,
        Kind = EventKind.Request,
        LatencyMs = double.NaN,
        TtftMs = double.NaN,
        QueueMs = double.NaN,
        PromptTokens = double.NaN,
        CompletionTokens = double.NaN,
        Value = double.NaN,
        Count = double.NaN,
        Min = double.NaN,
        Max = double.NaN,
    };

    /// <summary>Creates a single-valued sample (GPU field, evaluation score, audit count).</summary>
    public static TelemetryEvent NewSample(EventKind kind, long timeUnixMs, SeriesDims dims, string metric, double value) => new()
    {
        TimeUnixMs = timeUnixMs,
        Dims = dims,
        Kind = kind,
        Metric = metric,
        Value = value,
        Count = 1,
        Min = value,
        Max = value,
        LatencyMs = double.NaN,
        TtftMs = double.NaN,
        QueueMs = double.NaN,
        PromptTokens = double.NaN,
        CompletionTokens = double.NaN,
    };
}
