using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>The attribution of an alert to a cause: by itself (its rule and metric) or by its context (load, rollouts, open incidents).</content>
public sealed partial class IncidentCorrelator
{
    private const string AnomalyPrefix = "anomaly:";

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
}
