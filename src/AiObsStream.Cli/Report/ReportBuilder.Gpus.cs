namespace AiObsStream.Cli.Report;

/// <summary>Per GPU: utilization, memory %, temperature, power, ECC / XID events, the deployments it served.</summary>
internal sealed partial class ReportBuilder
{
    /// <summary>Up to this many GPUs get a line each; a larger fleet is charted as its mean and max per window.</summary>
    internal const int MaxGpuLines = 8;

    /// <summary>Rows of the GPU table (the GPUs with events first, then the hottest).</summary>
    internal const int MaxGpuTableRows = 50;

    private static readonly (string Metric, string Title, string Unit)[] GpuGauges =
    [
        ("gpu_util", "GPU utilization", "%"),
        ("fb_used_pct", "GPU memory used (framebuffer)", "%"),
        ("gpu_temp_c", "GPU temperature", "°C"),
        ("power_w", "GPU power", "W"),
    ];

    private static readonly string[] GpuEvents = ["ecc_sbe", "ecc_dbe", "xid", "xid_critical"];

    private readonly Dictionary<string, GpuStats> _gpus = new(StringComparer.Ordinal);

    private void AddGpuRow(MetricRow row)
    {
        if (!string.Equals(row.Source, "DCGM", StringComparison.Ordinal) || (row.Gpu.Length == 0 && row.Host.Length == 0))
        {
            return;
        }

        var gauge = Array.FindIndex(GpuGauges, g => string.Equals(g.Metric, row.Metric, StringComparison.Ordinal));
        var evt = Array.IndexOf(GpuEvents, row.Metric);
        if (gauge < 0 && evt < 0)
        {
            return;
        }

        var name = GpuName(row.Host, row.Gpu);
        if (!_gpus.TryGetValue(name, out var stats))
        {
            stats = new GpuStats(row.Host, row.Gpu);
            _gpus[name] = stats;
        }

        if (row.Deployment.Length > 0 && stats.Deployments.Count < GpuStats.MaxDeployments)
        {
            stats.Deployments.Add(row.Deployment);
        }

        var t = row.WindowStartMs;
        if (gauge >= 0)
        {
            var (metric, title, unit) = GpuGauges[gauge];
            var peak = IsSet(row.Max) ? row.Max : row.Mean;
            stats.Observe(metric, row.Mean, peak);
            if (_gpus.Count <= MaxGpuLines || stats.Lines)
            {
                stats.Lines = true;
                Chart($"{Gpus}/gpu/{metric}", Gpus, "per GPU", title + " per GPU (mean per window)", unit).Line(name, Merge.Mean).Add(t, row.Mean);
            }

            var fleet = Chart($"{Gpus}/fleet/{metric}", Gpus, "fleet", title + ": fleet mean and max per window", unit);
            fleet.Line("mean", Merge.Mean).Add(t, row.Mean);
            fleet.Line("max", Merge.Max).Add(t, peak);
        }
        else
        {
            stats.Events[evt] += IsSet(row.Sum) ? row.Sum : 0;
            Chart($"{Gpus}/events", Gpus, "events", "ECC errors and XID events (all GPUs, per window)", "events").Line(row.Metric, Merge.Sum).Add(t, row.Sum);
        }
    }

    private static string GpuName(string host, string gpu) =>
        host.Length == 0 ? gpu : gpu.Length == 0 ? host : host + "/" + (gpu.StartsWith("GPU-", StringComparison.Ordinal) && gpu.Length > 12 ? gpu[..12] : gpu);

    private void FinishGpus()
    {
        if (_gpus.Count == 0)
        {
            Note(Gpus, "No GPU rows (dcgm-exporter input) in metrics.jsonl: no GPU charts.");
            return;
        }

        // A few GPUs read best as a line each; a fleet as its mean and max (the table names the outliers).
        var perGpu = _gpus.Count <= MaxGpuLines;
        _charts.RemoveAll(c => c.Section == Gpus && c.Group == (perGpu ? "fleet" : "per GPU"));
        if (!perGpu)
        {
            Note(Gpus, $"{_gpus.Count:N0} GPUs: charted as the fleet's mean and max per window; the table lists the GPUs with events and the hottest.");
        }

        // Page order: utilization, memory, temperature, power, events (rows arrive in metric-name order).
        var order = _charts.Where(c => c.Section == Gpus)
            .OrderBy(c => Array.FindIndex(GpuGauges, g => c.Id.EndsWith("/" + g.Metric, StringComparison.Ordinal)) is var i && i >= 0 ? i : GpuGauges.Length)
            .ToList();
        var at = _charts.FindIndex(c => c.Section == Gpus);
        _charts.RemoveAll(c => c.Section == Gpus);
        _charts.InsertRange(Math.Max(0, at), order);

        foreach (var (metric, title, _) in GpuGauges)
        {
            if (!_byId.TryGetValue($"{Gpus}/fleet/{metric}", out var c) || !c.HasData)
            {
                Note(Gpus, $"No {metric} rows: no {title.ToLowerInvariant()} chart.");
            }
        }

        if (_byId.TryGetValue($"{Gpus}/events", out var events) && _gpus.Values.All(g => g.Events.All(e => e == 0)))
        {
            _charts.Remove(events);
            Note(Gpus, "No ECC errors or XID events on any GPU in the run (every ecc_sbe / ecc_dbe / xid row is 0): no events chart.");
        }

        var rows = _gpus.Values
            .OrderByDescending(g => g.Events.Sum())
            .ThenByDescending(g => g.Peak("gpu_temp_c"))
            .ThenBy(g => g.Host, StringComparer.Ordinal).ThenBy(g => g.Gpu, StringComparer.Ordinal)
            .Take(MaxGpuTableRows)
            .Select(g => (IReadOnlyList<string>)
            [
                g.Host, g.Gpu, string.Join(", ", g.Deployments.Order(StringComparer.Ordinal)),
                Format.Number(g.MeanOf("gpu_util")), Format.Number(g.Peak("gpu_util")), Format.Number(g.Peak("fb_used_pct")),
                Format.Number(g.Peak("gpu_temp_c")), Format.Number(g.Peak("power_w")),
                Format.Number(g.Events[0]), Format.Number(g.Events[1]), Format.Number(g.Events[2]), Format.Number(g.Events[3]),
            ])
            .ToList();
        _tables.Add(new TableData("gpu-table", Gpus, "GPUs: deployments served, utilization, peaks and events",
            ["host", "GPU", "deployments", "util mean %", "util peak %", "memory peak %", "temp peak °C", "power peak W", "ECC SBE", "ECC DBE", "XID", "XID critical"],
            rows, _gpus.Count > rows.Count ? $"{rows.Count} of {_gpus.Count:N0} GPUs shown (those with events first, then the hottest)." : string.Empty));
    }

    /// <summary>One GPU's peaks, means and event totals over the run (a few numbers per GPU).</summary>
    private sealed class GpuStats(string host, string gpu)
    {
        public const int MaxDeployments = 8;

        private readonly Dictionary<string, (double Sum, long N, double Peak)> _gauges = new(StringComparer.Ordinal);

        public string Host { get; } = host;

        public string Gpu { get; } = gpu;

        public HashSet<string> Deployments { get; } = new(StringComparer.Ordinal);

        /// <summary>ecc_sbe, ecc_dbe, xid, xid_critical totals.</summary>
        public double[] Events { get; } = new double[4];

        /// <summary>True when this GPU has its own chart lines.</summary>
        public bool Lines { get; set; }

        public void Observe(string metric, double mean, double peak)
        {
            var (sum, n, max) = _gauges.GetValueOrDefault(metric, (0, 0, double.NegativeInfinity));
            _gauges[metric] = (IsSet(mean) ? sum + mean : sum, IsSet(mean) ? n + 1 : n, IsSet(peak) ? Math.Max(max, peak) : max);
        }

        public double Peak(string metric) => _gauges.TryGetValue(metric, out var g) ? g.Peak : double.NaN;

        public double MeanOf(string metric) => _gauges.TryGetValue(metric, out var g) && g.N > 0 ? g.Sum / g.N : double.NaN;
    }
}
