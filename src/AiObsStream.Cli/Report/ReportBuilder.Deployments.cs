namespace AiObsStream.Cli.Report;

/// <summary>Per deployment: latency and TTFT percentiles, RPM / TPM, 429 and error share by model version, rollouts marked.</summary>
internal sealed partial class ReportBuilder
{
    /// <summary>
    /// Several sources see the same calls (Azure OpenAI logs, App Insights, the request log): a chart shows one of them,
    /// the first of this order that has rows for it, so lines are not doubled. The others are in metrics.jsonl.
    /// </summary>
    internal static readonly string[] SourcePreference = ["AzureOpenAI", "AzureMetrics", "AppInsights", "Log"];

    private static readonly string[] Families = ["latency", "ttft", "rpm", "tpm", "shares"];

    private readonly HashSet<string> _deploymentNames = new(StringComparer.Ordinal);

    /// <summary>(deployment, chart family) → one candidate chart per source.</summary>
    private readonly Dictionary<(string Deployment, string Family), List<ChartData>> _candidates = [];

    /// <summary>Requests per deployment, window and model version (the largest count any source saw): the rollouts.</summary>
    private readonly Dictionary<string, SortedDictionary<long, Dictionary<string, double>>> _versionMix = new(StringComparer.Ordinal);

    private void AddDeploymentRow(MetricRow row)
    {
        if (row.Deployment.Length == 0 || string.Equals(row.Source, "DCGM", StringComparison.Ordinal))
        {
            return;
        }

        _deploymentNames.Add(row.Deployment);
        var version = row.ModelVersion.Length > 0 ? row.ModelVersion : "(no version)";
        var t = row.WindowStartMs;
        switch (row.Metric)
        {
            case "latency_ms":
                Percentiles(row, "latency", "Latency p50 / p95 / p99 by model version", version, t);
                break;
            case "ttft_ms":
                Percentiles(row, "ttft", "Time to first token p50 / p95 / p99 by model version", version, t);
                break;
            case "requests":
                Candidate(row, "rpm", "Requests per minute (RPM) by model version", "req/min").Line(version, Merge.Mean).Add(t, row.Rate);
                if (IsSet(row.Count))
                {
                    var mix = _versionMix.TryGetValue(row.Deployment, out var m) ? m : _versionMix[row.Deployment] = [];
                    if (!mix.TryGetValue(t, out var window))
                    {
                        window = new Dictionary<string, double>(StringComparer.Ordinal);
                        mix[t] = window;
                    }

                    window[version] = Math.Max(window.GetValueOrDefault(version), row.Count);
                }

                break;
            case "tokens_total":
                Candidate(row, "tpm", "Tokens per minute (TPM) by model version", "tokens/min").Line(version, Merge.Mean).Add(t, row.Rate);
                break;
            case "http_429":
                Candidate(row, "shares", "429 share and error share by model version", "%", 100).Line(version + " 429", Merge.Mean).Add(t, row.Share);
                break;
            case "errors":
                Candidate(row, "shares", "429 share and error share by model version", "%", 100).Line(version + " errors", Merge.Mean).Add(t, row.Share);
                break;
            default:
                break;
        }
    }

    private void Percentiles(MetricRow row, string family, string title, string version, long t)
    {
        var chart = Candidate(row, family, title, "ms");
        chart.Line(version + " p50", Merge.Max).Add(t, row.P50);
        chart.Line(version + " p95", Merge.Max).Add(t, row.P95);
        chart.Line(version + " p99", Merge.Max).Add(t, row.P99);
    }

    private ChartData Candidate(MetricRow row, string family, string title, string unit, double scale = 1)
    {
        var id = $"{Deployments}/{row.Deployment}/{family}/{row.Source}";
        var chart = Chart(id, Deployments, row.Deployment, title, unit, scale);
        chart.Source = row.Source;
        var key = (row.Deployment, family);
        var list = _candidates.TryGetValue(key, out var l) ? l : _candidates[key] = [];
        if (!list.Contains(chart))
        {
            list.Add(chart);
        }

        return chart;
    }

    private void FinishDeployments(IEnumerable<IncidentInfo> incidents)
    {
        foreach (var ((deployment, _), list) in _candidates)
        {
            var keep = list.Where(c => c.HasData)
                .OrderBy(c => Array.IndexOf(SourcePreference, c.Source) is var i && i >= 0 ? i : SourcePreference.Length)
                .ThenBy(c => c.Source, StringComparer.Ordinal)
                .FirstOrDefault();
            foreach (var c in list.Where(c => c != keep))
            {
                _charts.Remove(c);
            }

            if (keep is null)
            {
                continue;
            }

            keep.Markers.AddRange(Rollouts(deployment));
            keep.Markers.AddRange(incidents.Where(i => i.OpenedMs >= 0 && i.Deployments.Contains(deployment, StringComparer.Ordinal))
                .Select(i => new Marker(i.OpenedMs, "incident: " + i.Cause, "incident")));
        }

        // Page order within a deployment: latency, TTFT, throughput, then shares (rows arrive in metric-name order).
        var order = _charts.Where(c => c.Section == Deployments)
            .OrderBy(c => c.Group, StringComparer.Ordinal)
            .ThenBy(c => Array.IndexOf(Families, c.Id.Split('/')[^2]))
            .ToList();
        _charts.RemoveAll(c => c.Section == Deployments);
        _charts.InsertRange(0, order);

        foreach (var deployment in _deploymentNames)
        {
            if (!_candidates.ContainsKey((deployment, "latency")))
            {
                Note(Deployments, $"{deployment}: no latency rows (latency_ms), so no latency chart.");
            }

            if (!_candidates.ContainsKey((deployment, "ttft")))
            {
                Note(Deployments, $"{deployment}: no TTFT rows (ttft_ms: streaming calls only), so no TTFT chart.");
            }
        }
    }

    /// <summary>
    /// Rollouts and rollbacks of a deployment from its version mix: a version's first window after the first one is a
    /// rollout (a canary shows here too); the version serving most calls turning back to one that led before is a
    /// rollback.
    /// </summary>
    internal List<Marker> Rollouts(string deployment)
    {
        var marks = new List<Marker>();
        if (!_versionMix.TryGetValue(deployment, out var mix))
        {
            return marks;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var led = new HashSet<string>(StringComparer.Ordinal);
        string? leader = null;
        var first = true;
        foreach (var (t, versions) in mix)
        {
            foreach (var v in versions.Keys.Order(StringComparer.Ordinal))
            {
                if (seen.Add(v) && !first)
                {
                    marks.Add(new Marker(t, "rollout " + v, "rollout"));
                }
            }

            var top = versions.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
            if (leader is not null && !string.Equals(top, leader, StringComparison.Ordinal) && led.Contains(top))
            {
                marks.Add(new Marker(t, "rollback to " + top, "rollback"));
            }

            led.Add(top);
            leader = top;
            first = false;
        }

        return marks;
    }
}
