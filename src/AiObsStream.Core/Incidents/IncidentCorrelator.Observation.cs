using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>What the correlator learns from rows and rollouts: load per window, p95 latency per version, host links, recent rollouts.</content>
public sealed partial class IncidentCorrelator
{
    private void ObserveRows(IReadOnlyList<MetricRow> rows)
    {
        // window → deployment → source → (requests, 429); only on-time rows, each window's rows arrive together
        var load = new SortedDictionary<long, SortedDictionary<string, SortedDictionary<string, (double Requests, double Throttled)>>>();
        var latency = new List<MetricRow>();
        foreach (var row in rows)
        {
            if (row.Kind != RowKind.OnTime)
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
                ObserveUtilization(GpuKey(dims.Host, dims.Gpu), row.Mean);
            }

            if (dims.Deployment.Length == 0)
            {
                continue;
            }

            if (row.Metric is MetricNames.Requests or MetricNames.Http429)
            {
                if (!load.TryGetValue(row.WindowStartMs, out var byDeployment))
                {
                    load[row.WindowStartMs] = byDeployment = new(StringComparer.Ordinal);
                }

                if (!byDeployment.TryGetValue(dims.Deployment, out var bySource))
                {
                    byDeployment[dims.Deployment] = bySource = new(StringComparer.Ordinal);
                }

                var source = dims.Source.ToString();
                bySource.TryGetValue(source, out var counts);
                bySource[source] = row.Metric == MetricNames.Requests
                    ? (counts.Requests + row.Count, counts.Throttled)
                    : (counts.Requests, counts.Throttled + row.Count);
            }
            else if (row.Metric == MetricNames.LatencyMs && double.IsFinite(row.P95))
            {
                latency.Add(row);
            }
        }

        foreach (var (window, byDeployment) in load)
        {
            foreach (var (deployment, bySource) in byDeployment)
            {
                string? trusted = null;
                foreach (var source in bySource.Keys)
                {
                    if (bySource[source].Requests > 0 && (trusted is null || SourceTrust.Prefer(MetricNames.Requests, source, trusted)))
                    {
                        trusted = source;
                    }
                }

                if (trusted is not null)
                {
                    History(deployment).Add(window, bySource[trusted].Requests, bySource[trusted].Throttled, _options);
                    _firstSeen.TryAdd(deployment, window);
                }
            }
        }

        ObserveLatency(latency);
    }

    /// <summary>Latest p95 latency per deployment and version from the trusted source, in windows that were not surges.</summary>
    private void ObserveLatency(List<MetricRow> rows)
    {
        var best = new SortedDictionary<string, MetricRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = string.Join('|', row.Dims.Deployment, row.ModelVersion, row.WindowStartMs);
            if (!best.TryGetValue(key, out var current)
                || SourceTrust.Prefer(MetricNames.LatencyMs, row.Dims.Source.ToString(), current.Dims.Source.ToString())
                || (row.Dims.Source == current.Dims.Source && row.Count > current.Count))
            {
                best[key] = row;
            }
        }

        foreach (var row in best.Values)
        {
            var deployment = row.Dims.Deployment;
            if (_load.TryGetValue(deployment, out var history) && history.TryGet(row.WindowStartMs, out var w) && w.Surge)
            {
                continue;
            }

            if (!_latencyP95.TryGetValue(deployment, out var versions))
            {
                _latencyP95[deployment] = versions = new(StringComparer.Ordinal);
            }

            if (versions.Count >= VersionsPerDeployment && !versions.ContainsKey(row.ModelVersion))
            {
                versions.Remove(versions.Keys.First());
            }

            versions[row.ModelVersion] = row.P95;
        }
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
}
