using AiObsStream.Core.Events;

namespace AiObsStream.Core.Rules;

/// <summary>The built-in rules (defaults from the seed requirements); every field can be overridden in the config file.</summary>
public static class DefaultRules
{
    /// <summary>Metric emitted by the engine per source and window: records accepted (Count).</summary>
    public const string IngestRecords = "ingest_records";

    /// <summary>Metric emitted by the engine per source and window: Count = units+records seen, Sum = rejected, Share = rejected/seen.</summary>
    public const string IngestRejected = "ingest_rejected";

    /// <summary>Consumer lag of a Kafka / Event Hubs partition at the punctuation (Count = messages behind the end).</summary>
    public const string IngestLag = "ingest_lag";

    /// <summary>Rule on the share of requests whose prompt the content filter rejected (prompt-injection or abuse campaign).</summary>
    public const string ContentFilterShare = "content-filter-share";

    /// <summary>Rule on the share of completions the content filter cut (a model or prompt that now produces filtered output).</summary>
    public const string ContentFilterCompletionShare = "content-filter-completion-share";

    /// <summary>Whether <paramref name="rule"/> is one of the content-filter rules (their incidents' cause is security).</summary>
    /// <param name="rule">The rule name.</param>
    /// <returns>True for <see cref="ContentFilterShare"/> and <see cref="ContentFilterCompletionShare"/>.</returns>
    public static bool IsContentFilterRule(string rule) => rule is ContentFilterShare or ContentFilterCompletionShare;

    /// <summary>The default rule list.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new() { Name = "gpu-underutilized", Metric = MetricNames.GpuUtil, Statistic = Statistic.Mean, Comparison = Comparison.Below, Warning = 30, Critical = 10, Sustain = TimeSpan.FromMinutes(10), Unit = "%" },
        new() { Name = "gpu-saturated", Metric = MetricNames.GpuUtil, Statistic = Statistic.Mean, Warning = 90, Sustain = TimeSpan.FromMinutes(30), Unit = "%" },
        new() { Name = "gpu-memory", Metric = MetricNames.FbUsedPct, Statistic = Statistic.Max, Warning = 85, Critical = 95, Unit = "%" },
        new() { Name = "gpu-temperature", Metric = MetricNames.GpuTempC, Statistic = Statistic.Max, Warning = 78, Critical = 83, Unit = "°C" },
        new() { Name = "gpu-ecc-dbe", Metric = MetricNames.EccDbe, Statistic = Statistic.Sum, Critical = 0 },
        new() { Name = "gpu-xid-critical", Metric = MetricNames.XidCritical, Statistic = Statistic.Count, Critical = 0 },
        new() { Name = "latency-p95", Metric = MetricNames.LatencyMs, Statistic = Statistic.P95, Warning = 1000, MinCount = 10, Unit = "ms" },
        new() { Name = "ttft-p95", Metric = MetricNames.TtftMs, Statistic = Statistic.P95, Warning = 2000, MinCount = 10, Unit = "ms" },
        new() { Name = "http-429-share", Metric = MetricNames.Http429, Statistic = Statistic.Share, Warning = 0.01 },
        // Content safety (issue #15 §1): a filtered-prompt share of 2 % is ten times the usual 0.1–0.5 %; at least 3 filtered
        // calls in the window and 2 windows in a row, so one filtered call on a quiet series does not fire. Cause security.
        new() { Name = ContentFilterShare, Metric = MetricNames.ContentFilterPrompt, Statistic = Statistic.Share, Warning = 0.02, Critical = 0.1, MinCount = 3, Sustain = TimeSpan.FromMinutes(2), NoDataResolveAfter = TimeSpan.FromMinutes(2) },
        new() { Name = ContentFilterCompletionShare, Metric = MetricNames.ContentFilterCompletion, Statistic = Statistic.Share, Warning = 0.02, Critical = 0.1, MinCount = 3, Sustain = TimeSpan.FromMinutes(2), NoDataResolveAfter = TimeSpan.FromMinutes(2) },
        new() { Name = "tpm-quota", Metric = MetricNames.TokensTotal, Statistic = Statistic.Rate, Warning = 0.8, Scale = ThresholdScale.TpmQuota, Unit = "tokens/min" },
        new() { Name = "ingestion-rejects", Metric = IngestRejected, Statistic = Statistic.Share, Critical = 0.05, MinCount = 20 },
        new() { Name = "ingestion-silence", Metric = IngestRecords, Statistic = Statistic.Count, Comparison = Comparison.Below, Critical = 1, Sustain = TimeSpan.FromMinutes(5) },
        .. Network.NetworkRules.All,
    ];

    /// <summary>A rule set with the defaults and no quotas.</summary>
    public static RuleSet Set { get; } = new() { Rules = All };
}
