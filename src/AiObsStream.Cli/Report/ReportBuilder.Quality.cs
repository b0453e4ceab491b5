namespace AiObsStream.Cli.Report;

/// <summary>Quality: evaluation scores by deployment and model version; the drift and regression verdicts from alerts.</summary>
internal sealed partial class ReportBuilder
{
    /// <summary>The engine's own metrics (README "Outputs"); any other metric of a deployment from a request source is an evaluation score.</summary>
    private static readonly HashSet<string> EngineMetrics = new(StringComparer.Ordinal)
    {
        "requests", "latency_ms", "ttft_ms", "queue_ms", "http_429", "errors", "tokens_prompt", "tokens_completion",
        "tokens_total", "tokens_per_s", "tokens_prompt_billed", "tokens_completion_billed", "tokens_cached",
        "gpu_util", "mem_copy_util", "fb_used_pct", "gpu_temp_c", "power_w", "sm_clock_mhz", "ecc_dbe", "ecc_sbe",
        "xid", "xid_critical", "audit_events", "exceptions", "ingest_records", "ingest_rejected",
    };

    private void AddQualityRow(MetricRow row)
    {
        if (row.Deployment.Length == 0 || EngineMetrics.Contains(row.Metric) || row.Metric.StartsWith("cost_", StringComparison.Ordinal)
            || row.Source is "DCGM" or "AzureMetrics" || !IsSet(row.Mean))
        {
            return;
        }

        var version = row.ModelVersion.Length > 0 ? row.ModelVersion : "(no version)";
        Chart($"{Quality}/{row.Metric}", Quality, "scores", $"Evaluation score {row.Metric}: mean per window by deployment and model version", "score")
            .Line(row.Deployment + " " + version, Merge.Mean).Add(row.WindowStartMs, row.Mean);
    }

    private void FinishQuality()
    {
        if (!_charts.Any(c => c.Section == Quality))
        {
            Note(Quality, "No evaluation scores in metrics.jsonl (gen_ai.evaluation events or user feedback): no quality charts.");
        }
    }
}
