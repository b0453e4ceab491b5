namespace AiObsStream.Cli.Report;

/// <summary>
/// GPU efficiency per deployment and model version: tokens per GPU-second (chart, per window) and, per version over the
/// run, tokens per GPU-second, requests per GPU-hour and mean utilization (table). GPU time: every DCGM
/// <c>gpu_util</c> row (one GPU series, labelled by the engine with the deployment and model version it serves) counts
/// its window's length. Tokens and requests: <c>tokens_total</c> Sum and <c>requests</c> Count of the deployment's
/// first source in <see cref="SourcePreference"/> that has them (the same calls are seen by several sources).
/// </summary>
internal sealed partial class ReportBuilder
{
    /// <summary>(deployment, version, window start) → GPU-seconds and the utilization sum over its GPU series.</summary>
    private readonly Dictionary<(string Deployment, string Version, long T), (double GpuS, double UtilSum, int Series)> _gpuTime = [];

    /// <summary>(source, deployment, version, window start) → tokens and requests.</summary>
    private readonly Dictionary<(string Source, string Deployment, string Version, long T), (double Tokens, double Requests)> _work = [];

    private void AddEfficiencyRow(MetricRow row)
    {
        if (row.Deployment.Length == 0)
        {
            return;
        }

        var version = row.ModelVersion.Length > 0 ? row.ModelVersion : "(no version)";
        var t = row.WindowStartMs;
        if (string.Equals(row.Source, "DCGM", StringComparison.Ordinal))
        {
            if (string.Equals(row.Metric, "gpu_util", StringComparison.Ordinal) && row.WindowEndMs > row.WindowStartMs)
            {
                var key = (row.Deployment, version, t);
                var g = _gpuTime.GetValueOrDefault(key);
                _gpuTime[key] = (g.GpuS + ((row.WindowEndMs - row.WindowStartMs) / 1000.0), IsSet(row.Mean) ? g.UtilSum + row.Mean : g.UtilSum, IsSet(row.Mean) ? g.Series + 1 : g.Series);
            }

            return;
        }

        var tokens = string.Equals(row.Metric, "tokens_total", StringComparison.Ordinal) && IsSet(row.Sum) ? row.Sum : 0;
        var requests = string.Equals(row.Metric, "requests", StringComparison.Ordinal) && IsSet(row.Count) ? row.Count : 0;
        if (tokens > 0 || requests > 0)
        {
            var key = (row.Source, row.Deployment, version, t);
            var w = _work.GetValueOrDefault(key);
            _work[key] = (w.Tokens + tokens, w.Requests + requests);
        }
    }

    private void FinishEfficiency()
    {
        if (_gpuTime.Count == 0)
        {
            Note(Gpus, "No GPU rows labelled with a deployment (dcgm-exporter pod labels or config gpuDeployments): no GPU efficiency per model version.");
            return;
        }

        // Per deployment, the first source in the preference order that counted tokens, and the first that counted
        // requests (the Azure OpenAI request logs count calls but carry no tokens).
        var tokenSource = FirstSource(w => w.Tokens > 0);
        var requestSource = FirstSource(w => w.Requests > 0);
        var totals = new Dictionary<(string Deployment, string Version), (double Tokens, double Requests, double GpuS, double UtilSum, int Series)>();
        foreach (var ((deployment, version, t), g) in _gpuTime.OrderBy(p => p.Key.T))
        {
            var tokens = tokenSource.TryGetValue(deployment, out var ts) ? _work.GetValueOrDefault((ts, deployment, version, t)).Tokens : 0;
            var requests = requestSource.TryGetValue(deployment, out var rs) ? _work.GetValueOrDefault((rs, deployment, version, t)).Requests : 0;
            var w = (Tokens: tokens, Requests: requests);
            var a = totals.GetValueOrDefault((deployment, version));
            totals[(deployment, version)] = (a.Tokens + w.Tokens, a.Requests + w.Requests, a.GpuS + g.GpuS, a.UtilSum + g.UtilSum, a.Series + g.Series);
            if (w.Tokens > 0)
            {
                Chart($"{Gpus}/efficiency", Gpus, "efficiency", "GPU efficiency: tokens per GPU-second by deployment and model version", "tokens/GPU-s")
                    .Line(deployment + " " + version, Merge.Mean).Add(t, w.Tokens / g.GpuS);
            }
        }

        if (totals.Count == 0 || totals.Values.All(v => v.Tokens == 0 && v.Requests == 0))
        {
            Note(Gpus, "No tokens or requests of the deployments the GPUs serve in the GPUs' windows: no GPU efficiency per model version.");
            return;
        }

        _tables.Add(new TableData("efficiency-table", Gpus, "GPU efficiency per deployment and model version (GPU time from gpu_util rows; tokens and requests from the first request source that counts them)",
            ["deployment", "version", "sources (tokens, requests)", "tokens", "requests", "GPU-hours", "tokens per GPU-s", "requests per GPU-hour", "util mean %"],
            [.. totals.OrderBy(p => p.Key.Deployment, StringComparer.Ordinal).ThenBy(p => p.Key.Version, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)
            [
                p.Key.Deployment, p.Key.Version, tokenSource.GetValueOrDefault(p.Key.Deployment, "-") + ", " + requestSource.GetValueOrDefault(p.Key.Deployment, "-"), Format.Number(p.Value.Tokens), Format.Number(p.Value.Requests),
                Format.Number(p.Value.GpuS / 3600), Format.Number(p.Value.Tokens / p.Value.GpuS), Format.Number(p.Value.Requests / (p.Value.GpuS / 3600)),
                Format.Number(p.Value.Series > 0 ? p.Value.UtilSum / p.Value.Series : double.NaN),
            ])]));
    }

    /// <summary>Per deployment, the first source in <see cref="SourcePreference"/> with a window that passes <paramref name="counts"/>.</summary>
    private Dictionary<string, string> FirstSource(Func<(double Tokens, double Requests), bool> counts) =>
        _work.Where(p => counts(p.Value)).Select(p => p.Key).GroupBy(k => k.Deployment, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(k => k.Source).Distinct(StringComparer.Ordinal)
                .OrderBy(s => Array.IndexOf(SourcePreference, s) is var i && i >= 0 ? i : SourcePreference.Length)
                .ThenBy(s => s, StringComparer.Ordinal).First(),
            StringComparer.Ordinal);
}
