using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>What the correlator learns from rows and rollouts, and the attribution of an alert to a cause.</content>
public sealed partial class IncidentCorrelator
{
    private const string AnomalyPrefix = "anomaly:";

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

    /// <summary>The cause an alert has by itself, or null when its context decides.</summary>
    private static IncidentCause? Intrinsic(AlertEvent alert)
    {
        var rule = alert.Rule;
        var metric = alert.Metric;
        if (rule == "gpu-memory")
        {
            return IncidentCause.GpuMemory;
        }

        if (rule.StartsWith("gpu-ecc", StringComparison.Ordinal) || rule.StartsWith("gpu-xid", StringComparison.Ordinal)
            || rule == "gpu-temperature")
        {
            return IncidentCause.GpuHardware;
        }

        if (rule == "gpu-underutilized")
        {
            return IncidentCause.GpuUnderutilized;
        }

        if (rule == RegressionOptions.RuleName)
        {
            return IsEvaluation(metric) ? IncidentCause.QualityDrift : IncidentCause.VersionRegression;
        }

        if (rule == QualityDriftOptions.RuleName)
        {
            return IsEvaluation(metric) ? IncidentCause.QualityDrift : null;
        }

        if (rule.StartsWith("spend-", StringComparison.Ordinal) || rule.StartsWith("tpm-quota", StringComparison.Ordinal))
        {
            return IncidentCause.Spend;
        }

        if (rule.StartsWith("ingestion-", StringComparison.Ordinal))
        {
            return IncidentCause.Ingestion;
        }

        if (rule.StartsWith(Forecasting.ForecastMetricNames.RulePrefix, StringComparison.Ordinal))
        {
            return IncidentCause.Capacity; // a saturation forecast: capacity before the load arrives
        }

        if (rule.StartsWith(Network.NetworkRules.Prefix, StringComparison.Ordinal))
        {
            return IncidentCause.Network;
        }

        if (Security.SecurityRules.IsSecurityRule(rule) || DefaultRules.IsContentFilterRule(rule))
        {
            return IncidentCause.Security;
        }

        if (!rule.StartsWith(AnomalyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return metric switch
        {
            MetricNames.GpuTempC or MetricNames.SmClockMhz or MetricNames.EccDbe or MetricNames.EccSbe or MetricNames.Xid
                or MetricNames.XidCritical => IncidentCause.GpuHardware,
            _ when metric.StartsWith("cost", StringComparison.Ordinal) => IncidentCause.Spend,
            _ when metric.StartsWith("ingest", StringComparison.Ordinal) => IncidentCause.Ingestion,
            _ when Network.NetworkMetricNames.IsNetwork(metric) => IncidentCause.Network,
            _ when IsEvaluation(metric) => IncidentCause.QualityDrift,
            _ => null,
        };
    }

    /// <summary>Evaluation scores and user feedback: every metric that is not one of the engine's own request/GPU metrics.</summary>
    private static bool IsEvaluation(string metric) =>
        metric.Length > 0 && !DriftSketchSet.IsFixed(metric) && metric != QualityDriftOptions.ErrorShareSignal
        && !metric.StartsWith("cost", StringComparison.Ordinal) && !metric.StartsWith("ingest", StringComparison.Ordinal)
        && !metric.StartsWith("tokens", StringComparison.Ordinal) && metric is not (MetricNames.AuditEvents or "error_rate" or "errors_share");

    /// <summary>The cause of an alert its context decides, and the incident it joins when that is a specific one.</summary>
    private (IncidentCause Cause, Incident? Target) Contextual(AlertEvent alert, long windowMs)
    {
        var surge = Surge(alert, windowMs);
        var anomaly = alert.Rule.StartsWith(AnomalyPrefix, StringComparison.Ordinal);
        var up = !anomaly || !(alert.Value < alert.ExpectedValue);
        var gpuDrop = anomaly && !up && alert.Metric is MetricNames.GpuUtil or MetricNames.PowerW;
        if (gpuDrop && IdleGpu(alert))
        {
            return (IncidentCause.GpuUnderutilized, null); // idle is not a return to normal, whatever it comes down from
        }

        if (anomaly && Recovering(alert, up) is { } recovering)
        {
            return (recovering.Cause, recovering);
        }

        if (anomaly && alert.Metric == MetricNames.FbUsedPct)
        {
            return (up && surge is not null ? IncidentCause.Capacity : IncidentCause.GpuMemory, null);
        }

        if (gpuDrop)
        {
            return EarlierOnHost(alert) is { } earlier ? (earlier.Cause, earlier) : (IncidentCause.Unexplained, null);
        }

        var regression = OpenRegression(alert);
        if (alert.Rule == QualityDriftOptions.RuleName)
        {
            return regression is not null ? (IncidentCause.VersionRegression, regression) : (IncidentCause.QualityDrift, null);
        }

        if (OpenOnHosts(IncidentCause.GpuHardware, alert) is { } hardware)
        {
            return (IncidentCause.GpuHardware, hardware);
        }

        if (OpenOnHosts(IncidentCause.Network, alert) is { } network)
        {
            return (IncidentCause.Network, network); // slowness on hosts with a failing link: explained by the link
        }

        if (surge is not null)
        {
            return (IncidentCause.Capacity, null);
        }

        if (regression is not null)
        {
            return (IncidentCause.VersionRegression, regression); // the verdict names the version; a rollout alone does not
        }

        if (OpenOnHosts(IncidentCause.GpuMemory, alert) is { } memory)
        {
            return (IncidentCause.GpuMemory, memory);
        }

        return (anomaly && alert.Metric.StartsWith("tokens", StringComparison.Ordinal) ? IncidentCause.Spend : IncidentCause.Unexplained, null);
    }

    /// <summary>The surging load window (highest ratio) among the alert's deployment and those sharing a GPU host with it.</summary>
    private LoadWindow? Surge(AlertEvent alert, long windowMs)
    {
        LoadWindow? best = null;
        foreach (var deployment in ScopeDeployments(alert))
        {
            if (_load.TryGetValue(deployment, out var history) && history.TryGet(windowMs, out var w) && w.Surge
                && (best is null || w.Ratio > best.Value.Ratio))
            {
                best = w;
            }
        }

        return best;
    }

    /// <summary>The alert's deployment plus every deployment served from a host that serves it (or from its own host).</summary>
    private SortedSet<string> ScopeDeployments(AlertEvent alert)
    {
        var deployments = new SortedSet<string>(StringComparer.Ordinal);
        if (alert.Deployment.Length > 0)
        {
            deployments.Add(alert.Deployment);
        }

        foreach (var host in ScopeHosts(alert))
        {
            if (_hostDeployments.TryGetValue(host, out var served))
            {
                deployments.UnionWith(served);
            }
        }

        return deployments;
    }

    /// <summary>The alert's host plus every host serving its deployment.</summary>
    private SortedSet<string> ScopeHosts(AlertEvent alert)
    {
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        if (alert.Host.Length > 0)
        {
            hosts.Add(alert.Host);
        }

        if (alert.Deployment.Length > 0 && _deploymentHosts.TryGetValue(alert.Deployment, out var serving))
        {
            hosts.UnionWith(serving);
        }

        return hosts;
    }

    /// <summary>The open version-regression incident of the alert's deployment and version.</summary>
    private Incident? OpenRegression(AlertEvent alert)
    {
        if (alert.Deployment.Length == 0 || alert.ModelVersion.Length == 0)
        {
            return null;
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == IncidentCause.VersionRegression && incident.Deployments.Contains(alert.Deployment)
                && incident.Versions.Contains(alert.ModelVersion) && incident.AnyFiring)
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>An open incident of <paramref name="cause"/> on a host that is the alert's or serves its deployment.</summary>
    private Incident? OpenOnHosts(IncidentCause cause, AlertEvent alert)
    {
        var hosts = ScopeHosts(alert);
        if (hosts.Count == 0)
        {
            return null;
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == cause && incident.AnyFiring && Meets(incident.Hosts, hosts))
            {
                return incident;
            }
        }

        return null;
    }
}
