using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Versions;

/// <summary>
/// Reduces the on-time rows of one window to a <see cref="WindowSample"/> per (deployment, version). Requests and the
/// proportion numerators come from the source that saw most of the deployment's requests; each distribution metric from
/// the source with most observations of it (Azure OpenAI and App Insights describe the same calls: never both).
/// </summary>
internal sealed class WindowSampleBuilder
{
    /// <summary>Share of the deployment's requests a version needs in a window to own its GPUs' efficiency.</summary>
    private const double GpuOwnerShare = 0.9;

    /// <summary>Σ utilization (fraction of one GPU) below which tokens per utilized GPU is not defined.</summary>
    private const double MinUtilizedGpus = 0.05;

    private static readonly Comparison<(string Dep, TelemetrySource Src, string Ver, long Requests)> ByDeploymentSourceVersion =
        static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Dep, b.Dep);
            if (c != 0)
            {
                return c;
            }

            return a.Src != b.Src ? a.Src.CompareTo(b.Src) : string.CompareOrdinal(a.Ver, b.Ver);
        };

    private readonly RegressionOptions _options;
    private readonly HashSet<string> _wanted;

    // Reused from window to window (cleared, never shrunk): a window's close with thousands of deployments grew these
    // from empty every time, several MB of garbage per close (#12, memory per series).
    private readonly Totals _totals = new([], [], new(StringComparer.Ordinal), new(StringComparer.Ordinal));
    private readonly List<(string Dep, TelemetrySource Src, string Ver, long Requests)> _entries = [];
    private readonly List<(string Deployment, int From, int To)> _groups = [];

    /// <summary>The one window handed out by <see cref="Window"/>: its lists are refilled per deployment (#12).</summary>
    private readonly DeploymentWindow _window = new();
    private long _startMs;
    private long _sizeMs;

    public WindowSampleBuilder(RegressionOptions options)
    {
        _options = options;
        _wanted = Wanted(options);
    }

    /// <summary>
    /// Reduces the window's rows; returns the number of deployments, which <see cref="Window"/> then hands out one at a
    /// time in ordinal order.
    /// </summary>
    public int Build(long startMs, long sizeMs, List<MetricRow> rows)
    {
        Collect(rows, _wanted, _totals);
        (_startMs, _sizeMs) = (startMs, sizeMs);
        _groups.Clear();

        // One pass over the requests sorted by (deployment, source, version): per deployment, the source that saw most
        // requests (ties: the lower source) gives the version mix, already in ordinal version order.
        var entries = _entries;
        entries.Clear();
        foreach (var ((dep, src, ver), n) in _totals.Requests)
        {
            entries.Add((dep, src, ver, n));
        }

        entries.Sort(ByDeploymentSourceVersion);
        for (var first = 0; first < entries.Count;)
        {
            var deployment = entries[first].Dep;
            var end = first;
            var bestFrom = first;
            var bestTo = first;
            long bestTotal = -1;
            while (end < entries.Count && entries[end].Dep == deployment)
            {
                var from = end;
                long total = 0;
                for (; end < entries.Count && entries[end].Dep == deployment && entries[end].Src == entries[from].Src; end++)
                {
                    total += entries[end].Requests;
                }

                if (total > bestTotal)
                {
                    (bestFrom, bestTo, bestTotal) = (from, end, total);
                }
            }

            _groups.Add((deployment, bestFrom, bestTo));
            first = end;
        }

        return _groups.Count;
    }

    /// <summary>
    /// Deployment <paramref name="index"/> of the last <see cref="Build"/>: its version mix and a new sample per version.
    /// The returned window is reused by the next call (the samples are not: the engine keeps them).
    /// </summary>
    public DeploymentWindow Window(int index, out string deployment)
    {
        var t = _totals;
        (deployment, var from, var to) = _groups[index];
        var source = _entries[from].Src;
        var w = _window;
        w.Mix.Clear();
        w.Samples.Clear();
        w.ModelName = t.Names.GetValueOrDefault(deployment, string.Empty);
        long load = 0;
        long throttled = 0;
        for (var i = from; i < to; i++)
        {
            var (_, _, ver, n) = _entries[i];
            w.Mix.Add((ver, n));
            load += n;
            throttled += t.Counts.GetValueOrDefault((deployment, source, ver, MetricNames.Http429)).Count;
        }

        var isThrottled = load > 0 && throttled > _options.ThrottleShare * load;
        foreach (var (ver, n) in w.Mix)
        {
            w.Samples.Add((ver, new WindowSample { StartMs = _startMs, Load = load, Throttled = isThrottled, Requests = n }));
        }

        Fill(w, deployment, source, t.Counts, _options);
        Derive(w, deployment, _startMs, _sizeMs, load, t.Gpu.GetValueOrDefault(deployment), t.Counts, _options);
        return w;
    }

    /// <summary>Sums the rows per (deployment, source, version[, metric]); GPU utilization per deployment.</summary>
    private static Totals Collect(List<MetricRow> rows, HashSet<string> wanted, Totals totals)
    {
        var (requests, counts, gpu, names) = totals;
        requests.Clear();
        counts.Clear();
        gpu.Clear();
        names.Clear();
        Reserve(rows, wanted, requests, counts);
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
                var (sketch, merged) = (c.Sketch, c.Merged);
                if (row.Sketch is not null && sketch is null)
                {
                    // Most series of a deployment and version are one row: its sketch (a private copy the aggregator made
                    // for this row, never changed after) serves as it is, and a merged one is made only for a second row.
                    sketch = row.Sketch;
                }
                else if (row.Sketch is not null)
                {
                    if (!merged)
                    {
                        var first = sketch!;
                        sketch = new DDSketch(first.RelativeAccuracy, first.MaxBins);
                        sketch.MergeWith(first);
                        merged = true;
                    }

                    sketch!.MergeWith(row.Sketch);
                }

                counts[key] = (c.Count + row.Count, c.Sum + (double.IsFinite(row.Sum) ? row.Sum : 0), sketch, merged);
            }
        }

        return totals;
    }

    /// <summary>
    /// Sizes the dictionaries for the rows that will enter them, once: grown from empty by doubling, a close with thousands
    /// of deployments left twice their final size as garbage (#12). GPU rows are not counted (they never enter them).
    /// </summary>
    private static void Reserve(List<MetricRow> rows, HashSet<string> wanted,
        Dictionary<(string Dep, TelemetrySource Src, string Ver), long> requests,
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch, bool Merged)> counts)
    {
        int r = 0, c = 0;
        foreach (var row in rows)
        {
            var d = row.Dims;
            if (d.Deployment.Length > 0 && d.Source != TelemetrySource.DCGM && d.ModelVersion.Length > 0)
            {
                if (row.Metric == MetricNames.Requests)
                {
                    r++;
                }
                else if (wanted.Contains(row.Metric))
                {
                    c++;
                }
            }
        }

        requests.EnsureCapacity(r);
        counts.EnsureCapacity(c);
    }

    private sealed record Totals(
        Dictionary<(string Dep, TelemetrySource Src, string Ver), long> Requests,
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch, bool Merged)> Counts,
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

    private static void Fill(DeploymentWindow w, string deployment, TelemetrySource requestSource,
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch, bool Merged)> counts,
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
    private static (long Count, double Sum, DDSketch? Sketch, bool Merged) Best(
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch, bool Merged)> counts,
        string deployment, string version, string metric)
    {
        (long Count, double Sum, DDSketch? Sketch, bool Merged) best = default;
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
        Dictionary<(string Dep, TelemetrySource Src, string Ver, string Metric), (long Count, double Sum, DDSketch? Sketch, bool Merged)> counts,
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
