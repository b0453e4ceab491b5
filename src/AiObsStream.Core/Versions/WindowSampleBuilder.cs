using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Versions;

/// <summary>
/// Reduces the on-time rows of one window to a <see cref="WindowSample"/> per (deployment, version). Requests and the
/// proportion numerators come from the source that saw most of the deployment's requests; each distribution metric from
/// the source with most observations of it (Azure OpenAI and App Insights describe the same calls: never both).
/// </summary>
internal static class WindowSampleBuilder
{
    /// <summary>Share of the deployment's requests a version needs in a window to own its GPUs' efficiency.</summary>
    private const double GpuOwnerShare = 0.9;

    /// <summary>Σ utilization (fraction of one GPU) below which tokens per utilized GPU is not defined.</summary>
    private const double MinUtilizedGpus = 0.05;

    public static SortedDictionary<string, DeploymentWindow> Build(long startMs, long sizeMs, List<MetricRow> rows, RegressionOptions options)
    {
        var t = Collect(rows, Wanted(options));
        var result = new SortedDictionary<string, DeploymentWindow>(StringComparer.Ordinal);
        foreach (var (deployment, source) in RequestSources(t.Requests))
        {
            var w = new DeploymentWindow { ModelName = t.Names.GetValueOrDefault(deployment, string.Empty) };
            result[deployment] = w;
            long load = 0;
            long throttled = 0;
            foreach (var ((dep, src, ver), n) in t.Requests)
            {
                if (dep == deployment && src == source)
                {
                    w.Mix.Add((ver, n));
                    load += n;
                    throttled += t.Counts.GetValueOrDefault((dep, src, ver, MetricNames.Http429)).Count;
                }
            }

            w.Mix.Sort((a, b) => string.CompareOrdinal(a.Version, b.Version));
            var isThrottled = load > 0 && throttled > options.ThrottleShare * load;
            foreach (var (ver, n) in w.Mix)
            {
                w.Samples[ver] = new WindowSample { StartMs = startMs, Load = load, Throttled = isThrottled, Requests = n };
            }

            Fill(w, deployment, source, t.Counts, options);
            Derive(w, deployment, startMs, sizeMs, load, t.Gpu.GetValueOrDefault(deployment), t.Counts, options);
        }

        return result;
    }

    /// <summary>Sums the rows per (deployment, source, version[, metric]); GPU utilization per deployment.</summary>
    private static Totals Collect(List<MetricRow> rows, HashSet<string> wanted)
    {
        var requests = new Dictionary<(string Dep, TelemetrySource Src, string Ver), long>();
        var counts = new Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch)>();
        var gpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var d = row.Dims;
            if (d.Deployment.Length == 0)
            {
                continue;
            }

            if (d.Source == TelemetrySource.DCGM)
            {
                if (row.Metric == MetricNames.GpuUtil && double.IsFinite(row.Mean))
                {
                    gpu[d.Deployment] = gpu.GetValueOrDefault(d.Deployment) + (row.Mean / 100);
                }

                continue;
            }

            if (d.ModelVersion.Length == 0)
            {
                continue;
            }

            if (d.ModelName.Length > 0 && !names.ContainsKey(d.Deployment))
            {
                names[d.Deployment] = d.ModelName;
            }

            if (row.Metric == MetricNames.Requests)
            {
                var key = (d.Deployment, d.Source, d.ModelVersion);
                requests[key] = requests.GetValueOrDefault(key) + row.Count;
            }
            else if (wanted.Contains(row.Metric))
            {
                var key = (d.Deployment, d.Source, d.ModelVersion, row.Metric);
                var c = counts.GetValueOrDefault(key);
                var sketch = c.Sketch;
                if (row.Sketch is not null)
                {
                    sketch ??= new DDSketch(row.Sketch.RelativeAccuracy, row.Sketch.MaxBins);
                    sketch.MergeWith(row.Sketch);
                }

                counts[key] = (c.Count + row.Count, c.Sum + (double.IsFinite(row.Sum) ? row.Sum : 0), sketch);
            }
        }

        return new Totals(requests, counts, gpu, names);
    }

    private sealed record Totals(
        Dictionary<(string Dep, TelemetrySource Src, string Ver), long> Requests,
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch)> Counts,
        Dictionary<string, double> Gpu,
        Dictionary<string, string> Names);

    private static HashSet<string> Wanted(RegressionOptions options)
    {
        var set = new HashSet<string>(StringComparer.Ordinal)
        {
            MetricNames.TokensTotal, MetricNames.TokensPrompt, MetricNames.TokensCompletion, MetricNames.Http429,
        };
        foreach (var s in options.Signals)
        {
            set.Add(s.Metric);
        }

        return set;
    }

    /// <summary>Per deployment, the source that saw most requests (ties: the lower source).</summary>
    private static SortedDictionary<string, TelemetrySource> RequestSources(Dictionary<(string Dep, TelemetrySource Src, string Ver), long> requests)
    {
        var totals = new Dictionary<(string, TelemetrySource), long>();
        foreach (var ((dep, src, _), n) in requests)
        {
            totals[(dep, src)] = totals.GetValueOrDefault((dep, src)) + n;
        }

        var best = new SortedDictionary<string, TelemetrySource>(StringComparer.Ordinal);
        foreach (var ((dep, src), n) in totals)
        {
            if (!best.TryGetValue(dep, out var b) || n > totals[(dep, b)] || (n == totals[(dep, b)] && src < b))
            {
                best[dep] = src;
            }
        }

        return best;
    }

    private static void Fill(DeploymentWindow w, string deployment, TelemetrySource requestSource,
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch)> counts,
        RegressionOptions options)
    {
        foreach (var (ver, sample) in w.Samples)
        {
            foreach (var signal in options.Signals)
            {
                if (signal.Kind == SignalKind.Proportion)
                {
                    sample.Counts[signal.Metric] = counts.GetValueOrDefault((deployment, requestSource, ver, signal.Metric)).Count;
                }
                else if (signal.Kind == SignalKind.Distribution && Best(counts, deployment, ver, signal.Metric).Sketch is { } sketch)
                {
                    sample.Sketches[signal.Metric] = sketch;
                }
            }
        }
    }

    /// <summary>The metric's aggregate from the source with most observations (ties: the lower source).</summary>
    private static (long Count, double Sum, DDSketch? Sketch) Best(
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch)> counts,
        string deployment, string version, string metric)
    {
        (long Count, double Sum, DDSketch? Sketch) best = default;
        for (var src = TelemetrySource.AzureOpenAI; src <= TelemetrySource.Log; src++)
        {
            if (counts.TryGetValue((deployment, src, version, metric), out var c) && c.Count > best.Count)
            {
                best = c;
            }
        }

        return best;
    }

    private static void Derive(DeploymentWindow w, string deployment, long startMs, long sizeMs, long load, double utilizedGpus,
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch)> counts,
        RegressionOptions options)
    {
        foreach (var (ver, sample) in w.Samples)
        {
            var tokens = Best(counts, deployment, ver, MetricNames.TokensTotal);
            if (sample.Requests >= GpuOwnerShare * load && utilizedGpus >= MinUtilizedGpus && tokens.Count > 0)
            {
                sample.Values[RegressionSignals.GpuEfficiency] = tokens.Sum / (sizeMs / 1000.0) / utilizedGpus;
            }

            if (options.CostOf is { } costOf && sample.Requests > 0)
            {
                var prompt = Best(counts, deployment, ver, MetricNames.TokensPrompt).Sum;
                var completion = Best(counts, deployment, ver, MetricNames.TokensCompletion).Sum;
                var cost = costOf(new CostInput(deployment, w.ModelName, ver, startMs, prompt, completion));
                if (double.IsFinite(cost))
                {
                    sample.Values[RegressionSignals.CostPerRequest] = cost / sample.Requests;
                }
            }
        }
    }
}
