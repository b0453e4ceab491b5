using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>Builders of input rows for the cost tests.</summary>
internal static class CostRows
{
    public const long Minute = 60_000;
    public static readonly DimsPool Pool = new();

    public static SeriesDims Dims(TelemetrySource source, string deployment, string model, string version, string op = "", string resource = "",
        string host = "", string gpu = "") => Pool.Intern(new DimsKey(source, deployment, model, version, op, resource, host, gpu));

    public static MetricRow Row(long startMs, string metric, SeriesDims dims, double sum, long count, RowKind kind = RowKind.Final,
        int revision = 0, string? version = null) => new()
    {
        WindowStartMs = startMs,
        WindowEndMs = startMs + Minute,
        Metric = metric,
        Dims = dims,
        ModelVersion = version ?? dims.ModelVersion,
        Count = count,
        Sum = sum,
        Min = double.NaN,
        Max = double.NaN,
        Mean = count > 0 ? sum / count : double.NaN,
        Kind = kind,
        Revision = revision,
    };

    /// <summary>
    /// Token and request rows of one series in one window, as the aggregator emits them: all-status token rows plus the
    /// billed (successful calls') token rows; <paramref name="failedPrompt"/> tokens of failed or throttled calls are in
    /// the all-status prompt row only.
    /// </summary>
    public static IEnumerable<MetricRow> Usage(long startMs, SeriesDims dims, double prompt, double completion, long requests,
        RowKind kind = RowKind.Final, int revision = 0, double failedPrompt = 0)
    {
        yield return Row(startMs, MetricNames.Requests, dims, requests, requests, kind, revision);
        yield return Row(startMs, MetricNames.TokensPrompt, dims, prompt + failedPrompt, requests, kind, revision);
        yield return Row(startMs, MetricNames.TokensCompletion, dims, completion, requests, kind, revision);
        yield return Row(startMs, CostMetricNames.TokensPromptBilled, dims, prompt, requests, kind, revision);
        yield return Row(startMs, CostMetricNames.TokensCompletionBilled, dims, completion, requests, kind, revision);
    }

    /// <summary>
    /// Feeds <paramref name="ticks"/> to <paramref name="deriver"/> one tick at a time; returns every output row as one line
    /// of what the cost rows are (kind, revision, window, metric, deployment, version, count, sum), in output order.
    /// </summary>
    public static List<string> DeriveLines(CostDeriver deriver, IEnumerable<MetricRow[]> ticks)
    {
        var text = new List<string>();
        var output = new List<MetricRow>();
        foreach (var tick in ticks)
        {
            output.Clear();
            deriver.Derive(tick, output);
            text.AddRange(output.Select(r => $"{r.Kind} {r.Revision} {r.WindowStartMs} {r.Metric} {r.Dims.Deployment} {r.ModelVersion} {r.Count} {r.Sum:R}"));
        }

        return text;
    }

    /// <summary>AllMetrics token totals of one deployment in one window (MetricPoint rows: Sum = total over the grain).</summary>
    public static IEnumerable<MetricRow> PlatformTokens(long startMs, SeriesDims dims, double prompt, double completion,
        RowKind kind = RowKind.Final, int revision = 0, long samples = 1)
    {
        yield return Row(startMs, CostMetricNames.ProcessedPromptTokens, dims, prompt, samples, kind, revision);
        yield return Row(startMs, CostMetricNames.GeneratedTokens, dims, completion, samples, kind, revision);
    }
}
