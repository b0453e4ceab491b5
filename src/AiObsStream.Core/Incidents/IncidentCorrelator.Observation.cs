using System.Globalization;
using System.Runtime.InteropServices;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>What the correlator learns from rows and rollouts: load per window, p95 latency per version, host links, recent rollouts.</content>
public sealed partial class IncidentCorrelator
{
    // Reused from tick to tick (a tree of sorted maps per window and deployment, and a composite string key per latency
    // row, allocated ~3.6 MB at a 5,000-deployment window close): one load entry per requests/429 row, summed once
    // sorted; the best latency row per (deployment, version, window).
    private readonly List<LoadCount> _loadCounts = [];
    private readonly List<MetricRow> _latencyRows = [];
    private readonly Dictionary<(string Deployment, string Version, long WindowMs), int> _bestLatencyAt = [];
    private readonly List<MetricRow> _bestLatency = [];

    private void ObserveRows(IReadOnlyList<MetricRow> rows)
    {
        // (window, deployment, source) → (requests, 429); only on-time rows, each window's rows arrive together
        var counts = _loadCounts;
        var latency = _latencyRows;
        counts.Clear();
        latency.Clear();
        var (loadRows, latencyRows) = InputsIn(rows);
        counts.EnsureCapacity(loadRows); // sized once: a window close brings entries per deployment and source by the thousand
        latency.EnsureCapacity(latencyRows);
        foreach (var row in rows)
        {
            if (!row.IsOnTime)
            {
                continue;
            }

            _maxRowWindowMs = Math.Max(_maxRowWindowMs, row.WindowStartMs);
            var dims = row.Dims;
            if (dims.Host.Length > 0 && dims.Deployment.Length > 0)
            {
                Link(dims.Host, dims.Deployment);
            }

            if (row.Metric == MetricNames.GpuUtil && dims.Host.Length > 0 && double.IsFinite(row.Mean))
            {
                ObserveUtilization(GpuKeyOf(dims), row.Mean);
            }

            if (dims.Deployment.Length == 0)
            {
                continue;
            }

            if (row.Metric is MetricNames.Requests or MetricNames.Http429)
            {
                // whole counts: their double sums are exact in any order
                var requests = row.Metric == MetricNames.Requests;
                counts.Add(new LoadCount(row.WindowStartMs, dims.Deployment, dims.Source.ToString(), requests ? row.Count : 0, requests ? 0 : row.Count));
            }
            else if (row.Metric == MetricNames.LatencyMs && double.IsFinite(row.P95))
            {
                latency.Add(row);
            }
        }

        counts.Sort(LoadCount.Order); // windows in start order, deployments and sources in ordinal order
        var i = 0;
        while (i < counts.Count)
        {
            var (window, deployment) = (counts[i].WindowMs, counts[i].Deployment);
            string? trusted = null;
            var (trustedRequests, trustedThrottled) = (0.0, 0.0);
            while (i < counts.Count && counts[i].WindowMs == window && string.Equals(counts[i].Deployment, deployment, StringComparison.Ordinal))
            {
                var source = counts[i].Source;
                var (requests, throttled) = (0.0, 0.0);
                do
                {
                    requests += counts[i].Requests;
                    throttled += counts[i].Throttled;
                    i++;
                }
                while (i < counts.Count && counts[i].WindowMs == window && string.Equals(counts[i].Deployment, deployment, StringComparison.Ordinal)
                    && string.Equals(counts[i].Source, source, StringComparison.Ordinal));

                if (requests > 0 && (trusted is null || SourceTrust.Prefer(MetricNames.Requests, source, trusted)))
                {
                    (trusted, trustedRequests, trustedThrottled) = (source, requests, throttled);
                }
            }

            if (trusted is not null)
            {
                History(deployment).Add(window, trustedRequests, trustedThrottled, _options);
                _firstSeen.TryAdd(deployment, window);
            }
        }

        ObserveLatency(latency);
    }

    /// <summary>Upper bounds of the load entries and latency rows <see cref="ObserveRows"/> collects.</summary>
    private static (int Load, int Latency) InputsIn(IReadOnlyList<MetricRow> rows)
    {
        var (load, latency) = (0, 0);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsOnTime && row.Dims.Deployment.Length > 0)
            {
                load += row.Metric is MetricNames.Requests or MetricNames.Http429 ? 1 : 0;
                latency += row.Metric == MetricNames.LatencyMs ? 1 : 0;
            }
        }

        return (load, latency);
    }

    /// <summary>Latest p95 latency per deployment and version from the trusted source, in windows that were not surges.</summary>
    private void ObserveLatency(List<MetricRow> rows)
    {
        var at = _bestLatencyAt;
        var best = _bestLatency;
        at.Clear();
        best.Clear();
        at.EnsureCapacity(rows.Count);
        best.EnsureCapacity(rows.Count);
        foreach (var row in rows)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(at, (row.Dims.Deployment, row.ModelVersion, row.WindowStartMs), out var exists);
            if (!exists)
            {
                slot = best.Count;
                best.Add(row);
                continue;
            }

            var current = best[slot];
            if (SourceTrust.Prefer(MetricNames.LatencyMs, row.Dims.Source.ToString(), current.Dims.Source.ToString())
                || (row.Dims.Source == current.Dims.Source && row.Count > current.Count))
            {
                best[slot] = row;
            }
        }

        // The order of the former map key "deployment|version|window": within a deployment it decides which versions
        // the bounded map below keeps. (That key also merged distinct pairs whose names contain '|', which Azure
        // deployment names and model versions cannot.)
        best.Sort(LatencyKeyOrder);
        foreach (var row in best)
        {
            var deployment = row.Dims.Deployment;
            if (_load.TryGetValue(deployment, out var history) && history.TryGet(row.WindowStartMs, out var w) && w.Surge)
            {
                continue;
            }

            if (!_latencyP95.TryGetValue(deployment, out var versions))
            {
                _latencyP95[deployment] = versions = new();
            }

            if (versions.Count >= VersionsPerDeployment && !versions.ContainsKey(row.ModelVersion))
            {
                versions.Remove(versions.FirstKey);
            }

            versions[row.ModelVersion] = row.P95;
        }
    }

    /// <summary>Ordinal order of "deployment|version|window" (the window in invariant digits), without building the strings.</summary>
    internal static int LatencyKeyOrder(MetricRow x, MetricRow y)
    {
        const int Chars = 128; // Azure deployment names are at most 64 characters, versions ~10, a window 20 digits
        if (x.Dims.Deployment.Length + x.ModelVersion.Length + 22 > Chars || y.Dims.Deployment.Length + y.ModelVersion.Length + 22 > Chars)
        {
            return string.CompareOrdinal(LatencyKey(x), LatencyKey(y));
        }

        Span<char> a = stackalloc char[Chars];
        Span<char> b = stackalloc char[Chars];
        return a[..WriteLatencyKey(a, x)].SequenceCompareTo(b[..WriteLatencyKey(b, y)]);
    }

    private static string LatencyKey(MetricRow row) =>
        string.Join('|', row.Dims.Deployment, row.ModelVersion, row.WindowStartMs.ToString(CultureInfo.InvariantCulture));

    private static int WriteLatencyKey(Span<char> to, MetricRow row)
    {
        var (deployment, version) = (row.Dims.Deployment, row.ModelVersion);
        deployment.CopyTo(to);
        var n = deployment.Length;
        to[n++] = '|';
        version.CopyTo(to[n..]);
        n += version.Length;
        to[n++] = '|';
        row.WindowStartMs.TryFormat(to[n..], out var digits, default, CultureInfo.InvariantCulture);
        return n + digits;
    }

    private LoadHistory History(string deployment)
    {
        if (!_load.TryGetValue(deployment, out var history))
        {
            _load[deployment] = history = new LoadHistory((_options.BaselineWindows * 2) + 2);
        }

        return history;
    }

    private void Link(string host, string deployment)
    {
        if (!_hostDeployments.TryGetValue(host, out var deployments))
        {
            _hostDeployments[host] = deployments = new(StringComparer.Ordinal);
        }

        if (deployments.Add(deployment))
        {
            if (!_deploymentHosts.TryGetValue(deployment, out var hosts))
            {
                _deploymentHosts[deployment] = hosts = new(StringComparer.Ordinal);
            }

            hosts.Add(host);
        }
    }

    private void ObserveRollouts(IReadOnlyList<RolloutEvent> rollouts)
    {
        foreach (var e in rollouts)
        {
            if (e.Kind == RolloutKind.Rollback)
            {
                continue;
            }

            if (!_rollouts.TryGetValue(e.Deployment, out var list))
            {
                _rollouts[e.Deployment] = list = [];
            }

            list.Add(e);
            if (list.Count > RolloutsPerDeployment)
            {
                list.RemoveAt(0);
            }
        }
    }

    /// <summary>The rollout of <paramref name="version"/> on <paramref name="deployment"/> within the horizon before <paramref name="windowMs"/>.</summary>
    private RolloutEvent? RecentRollout(string deployment, string version, long windowMs)
    {
        if (version.Length == 0 || !_rollouts.TryGetValue(deployment, out var list))
        {
            return null;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            var e = list[i];
            if (e.Version == version && e.WindowStartMs <= windowMs && windowMs - e.WindowStartMs <= _horizonMs)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>Requests and 429s of one row for a (window, deployment, source).</summary>
    private readonly record struct LoadCount(long WindowMs, string Deployment, string Source, double Requests, double Throttled)
    {
        public static readonly Comparison<LoadCount> Order = static (x, y) =>
            x.WindowMs.CompareTo(y.WindowMs) is var c and not 0 ? c
            : string.CompareOrdinal(x.Deployment, y.Deployment) is var d and not 0 ? d
            : string.CompareOrdinal(x.Source, y.Source);
    }
}
