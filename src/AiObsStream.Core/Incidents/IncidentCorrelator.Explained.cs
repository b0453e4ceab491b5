using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>
/// Alerts that an incident already open explains: a regression verdict confounded by an earlier problem, an idle GPU
/// versus a GPU back to normal, and the recovery (overshoot) of a signal of an open incident.
/// </content>
public sealed partial class IncidentCorrelator
{
    /// <summary>Evidence number set on an incident that absorbed a version-regression verdict it explains.</summary>
    internal const string ConfoundedNumber = "version_regression_confounded";

    /// <summary>Evidence number: the relative effect of the absorbed verdict.</summary>
    internal const string ConfoundedEffectNumber = "version_regression_effect";

    /// <summary>What kind of problem explains a regressed metric.</summary>
    private enum Explains
    {
        Nothing,

        /// <summary>Latency, TTFT, queueing, throughput: request-performance signals, or a GPU hardware / memory problem.</summary>
        Speed,

        /// <summary>429s and errors: request-performance signals.</summary>
        Failures,

        /// <summary>Tokens and cost: spend or token signals.</summary>
        Usage,

        /// <summary>GPU activity (utilization, power, clocks, memory copy): a GPU problem (hardware, memory, idleness).</summary>
        Gpu,
    }

    private void ObserveUtilization(string gpu, double util)
    {
        if (_gpuUtil.Count >= GpusKept && !_gpuUtil.ContainsKey(gpu))
        {
            _gpuUtil.Remove(_gpuUtil.Keys.First()); // a fleet larger than the bound forgets some GPUs: they are then not known idle
        }

        _gpuUtil[gpu] = util;
    }

    /// <summary>The metric as the recovery test compares it: GPU power stands with GPU utilization.</summary>
    private static string Family(string metric) => metric == MetricNames.PowerW ? MetricNames.GpuUtil : metric;

    private static string GpuKey(string host, string gpu) => host + "|" + gpu;

    /// <summary>
    /// <see cref="GpuKey"/> of a GPU series, built once per series rather than per row (#12: the
    /// concatenation was 1.5 % of a GPU fleet run). A fleet beyond the bound starts the cache afresh.
    /// </summary>
    private string GpuKeyOf(SeriesDims dims)
    {
        if (!_gpuKeys.TryGetValue(dims, out var key))
        {
            if (_gpuKeys.Count >= 4 * GpusKept)
            {
                _gpuKeys.Clear();
            }

            _gpuKeys[dims] = key = GpuKey(dims.Host, dims.Gpu);
        }

        return key;
    }

    /// <summary>
    /// Principle: do not blame the version for what an earlier, still-open problem explains. The earlier incident that
    /// explains an alert blamed on a version (the regression verdict, or a request or GPU alert of a version in its
    /// rollout horizon): an incident in the alert's scope, not itself a version regression, that opened before the
    /// rollout, is open or in its hold now, and had a signal explaining the alert's metric firing at the rollout. Null
    /// when none.
    /// </summary>
    private Incident? Confounder(AlertEvent alert, long windowMs)
    {
        if (RecentRollout(alert.Deployment, alert.ModelVersion, windowMs) is not { } rollout)
        {
            return null;
        }

        var explains = ExplainsOf(alert.Metric);
        if (explains == Explains.Nothing)
        {
            return null;
        }

        var t = rollout.WindowStartMs;
        var deployments = ScopeDeployments(alert);
        var hosts = ScopeHosts(alert);
        Incident? best = null;
        foreach (var incident in _open.Values)
        {
            if (incident.Cause is IncidentCause.VersionRegression or IncidentCause.QualityDrift or IncidentCause.Ingestion
                || incident.OpenedAtMs >= t
                || !BeganAfterBaseline(incident)
                || !(Meets(incident.Deployments, deployments) || Meets(incident.Hosts, hosts))
                || !ExplainsAt(incident, explains, t))
            {
                continue;
            }

            if (best is null || incident.OpenedAtMs < best.OpenedAtMs)
            {
                best = incident; // the earliest: the problem the later ones grew from
            }
        }

        return best;
    }

    /// <summary>
    /// True when the incident began after its deployments had been seen healthy for a baseline: only then is it a change
    /// that can confound a comparison. A condition present from the deployment's first windows is in the regression's
    /// baseline as much as in its candidate, so the verdict compares like with like and stands on its own.
    /// </summary>
    private bool BeganAfterBaseline(Incident incident)
    {
        foreach (var deployment in incident.Deployments)
        {
            if (_firstSeen.TryGetValue(deployment, out var first) && incident.OpenedAtMs < first + (_options.MinBaselineWindows * _windowMs))
            {
                return false;
            }
        }

        return true;
    }

    private static Explains ExplainsOf(string metric) => metric switch
    {
        MetricNames.LatencyMs or MetricNames.TtftMs or MetricNames.QueueMs or MetricNames.TokensPerSecond => Explains.Speed,
        MetricNames.Http429 or MetricNames.Errors or "error_rate" or "errors_share" => Explains.Failures,
        _ when metric.StartsWith("tokens", StringComparison.Ordinal) || metric.StartsWith("cost", StringComparison.Ordinal) => Explains.Usage,
        MetricNames.GpuUtil or MetricNames.PowerW or MetricNames.SmClockMhz or MetricNames.MemCopyUtil => Explains.Gpu,
        _ => Explains.Nothing,
    };

    /// <summary>True when one of the incident's signals that explains this kind of regression was firing at <paramref name="timeMs"/>.</summary>
    private static bool ExplainsAt(Incident incident, Explains explains, long timeMs)
    {
        foreach (var signal in incident.Signals.Values)
        {
            if (!signal.FiringAt(timeMs))
            {
                continue;
            }

            var ok = explains switch
            {
                Explains.Speed => IsRequestPerformance(signal.Metric)
                    || incident.Cause is IncidentCause.GpuHardware or IncidentCause.GpuMemory or IncidentCause.Network,
                // Prompts rejected by the content filter are failed requests (HTTP 400, and the AOAI log does not say
                // why): a content-filter incident open at the rollout explains the new version's error share.
                Explains.Failures => IsRequestPerformance(signal.Metric) || signal.Metric == MetricNames.ContentFilterPrompt,
                Explains.Usage => incident.Cause == IncidentCause.Spend || signal.Rule.StartsWith("spend-", StringComparison.Ordinal)
                    || ExplainsOf(signal.Metric) == Explains.Usage,
                Explains.Gpu => incident.Cause is IncidentCause.GpuHardware or IncidentCause.GpuMemory or IncidentCause.GpuUnderutilized,
                _ => false,
            };
            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRequestPerformance(string metric) => ExplainsOf(metric) is Explains.Speed or Explains.Failures;

    /// <summary>Records on the earlier incident that it absorbed a version-regression alert (evidence and summary).</summary>
    /// <remarks>Only the regression verdict says the version is worse; a request alert inside the rollout horizon just joins.</remarks>
    private static void MarkConfounded(Incident incident, AlertEvent alert)
    {
        if (alert.Rule != RegressionOptions.RuleName)
        {
            return;
        }

        incident.Numbers[ConfoundedNumber] = 1;
        incident.Max(ConfoundedEffectNumber, alert.Value);
        if (alert.ModelVersion.Length > 0)
        {
            incident.ConfoundedVersion = alert.ModelVersion;
        }
    }

    /// <summary>
    /// Principle: an idle GPU is idle. A <c>gpu_util</c> anomaly down is an idle GPU when its value is below
    /// <see cref="IncidentOptions.IdleUtilization"/>; a <c>power_w</c> anomaly down when the same GPU's utilization is
    /// below it too, or an underutilized incident is open on its host. Anything else is a drop, not idleness.
    /// </summary>
    private bool IdleGpu(AlertEvent alert)
    {
        if (alert.Metric == MetricNames.GpuUtil)
        {
            return alert.Value < _options.IdleUtilization;
        }

        if (alert.Host.Length == 0)
        {
            return false;
        }

        if (_gpuUtil.TryGetValue(GpuKey(alert.Host, alert.Gpu), out var util) && util < _options.IdleUtilization)
        {
            return true;
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == IncidentCause.GpuUnderutilized && incident.Hosts.Contains(alert.Host))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Principle: a return to normal belongs to what it returns from. The open or holding incident (any cause) on the
    /// alert's host that opened before it (the latest such); null when none.
    /// </summary>
    private Incident? EarlierOnHost(AlertEvent alert)
    {
        if (alert.Host.Length == 0)
        {
            return null;
        }

        Incident? best = null;
        foreach (var incident in _open.Values)
        {
            if (incident.Hosts.Contains(alert.Host) && incident.OpenedAtMs <= alert.StartsAtMs
                && (best is null || incident.OpenedAtMs > best.OpenedAtMs))
            {
                best = incident;
            }
        }

        return best;
    }

    /// <summary>
    /// Principle: the recovery of a signal belongs to its incident. An anomaly in the opposite direction of a signal of
    /// the same metric on the same series (the same GPU host; for host-less signals the same deployment) of an incident
    /// that is open or in its resolve hold joins that incident. GPU utilization and power are one metric here (a GPU's
    /// power follows its work), so power coming back after an idle-utilization signal is the same recovery. Null when none.
    /// </summary>
    private Incident? Recovering(AlertEvent alert, bool up)
    {
        foreach (var incident in _open.Values)
        {
            foreach (var signal in incident.Signals.Values)
            {
                var sameSeries = alert.Host.Length > 0 ? signal.Host == alert.Host
                    : alert.Deployment.Length > 0 && signal.Host.Length == 0 && signal.Deployment == alert.Deployment;
                if (sameSeries && Family(signal.Metric) == Family(alert.Metric) && signal.Up != up && signal.StartedAtMs <= alert.StartsAtMs)
                {
                    return incident;
                }
            }
        }

        return null;
    }
}
