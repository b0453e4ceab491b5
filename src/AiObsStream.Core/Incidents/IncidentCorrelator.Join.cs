using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>Folding an alert into its incident: members, scope, signals, and the evidence numbers of its cause.</content>
public sealed partial class IncidentCorrelator
{
    /// <summary>Folds an alert event into the incident: member state, signal, scope and evidence.</summary>
    private void Join(Incident incident, AlertEvent alert, long window)
    {
        // Only firing members are kept (a long, flapping incident must not grow with every alert it ever had): a resolved
        // alert leaves, and should its id fire again it is attributed afresh (to this incident while it is open).
        var firing = alert.Status == AlertStatus.Firing;
        if (firing)
        {
            incident.Members[alert.AlertId] = true;
            _alertIncident[alert.AlertId] = incident.Id;
        }
        else
        {
            incident.Members.Remove(alert.AlertId);
            _alertIncident.Remove(alert.AlertId);
        }

        incident.AllResolvedAtMs = incident.AnyFiring ? long.MinValue : Math.Max(alert.TimeGeneratedMs, incident.AllResolvedAtMs);
        if (incident.AllResolvedAtMs != long.MinValue)
        {
            _earliestExpiryMs = Math.Min(_earliestExpiryMs, incident.AllResolvedAtMs + _holdMs);
        }
        var changed = false;
        if (firing)
        {
            incident.OpenedAtMs = Math.Min(incident.OpenedAtMs, alert.StartsAtMs);
            changed |= alert.Deployment.Length > 0 && _open.AddDeployment(incident, alert.Deployment);
            changed |= alert.Host.Length > 0 && _open.AddHost(incident, alert.Host);
            changed |= alert.ModelVersion.Length > 0 && incident.Versions.Add(alert.ModelVersion);
            foreach (var host in ScopeHosts(alert))
            {
                changed |= _open.AddHost(incident, host);
            }

            Collect(incident, alert, window);
        }

        var key = SignalState.KeyOf(alert.Rule, alert.Deployment, alert.Host);
        if (!incident.Signals.TryGetValue(key, out var signal))
        {
            var anomaly = SignalState.IsAnomaly(alert.Rule);
            var up = anomaly ? !(alert.Value < alert.ExpectedValue) : !(alert.Value < alert.Threshold);
            incident.Signals[key] = signal = new SignalState(alert.Rule, alert.Metric, alert.Statistic, alert.Deployment, alert.Host, up);
            changed = true;
        }

        changed |= signal.Observe(alert);
        if (changed && incident.Announced)
        {
            incident.Dirty = true;
        }

        if (changed || !incident.Announced)
        {
            incident.ChangedAtMs = Math.Max(incident.ChangedAtMs, window + _windowMs);
        }
    }

    /// <summary>Records the numbers behind the cause that only the moment of the alert knows (load, rollout, regression).</summary>
    private void Collect(Incident incident, AlertEvent alert, long window)
    {
        var surge = Surge(alert, window);
        LoadWindow? own = alert.Deployment.Length > 0 && _load.TryGetValue(alert.Deployment, out var h) && h.TryGet(window, out var w) ? w : null;
        var perMinute = 60_000.0 / _windowMs;
        switch (incident.Cause)
        {
            case IncidentCause.Capacity when alert.Rule.StartsWith(Forecasting.ForecastMetricNames.RulePrefix, StringComparison.Ordinal):
                incident.Max("forecast_peak", alert.Value);
                incident.First("forecast_lead_time_min", alert.Score); // the forecast alert's Score is its lead time
                break;
            case IncidentCause.Capacity when surge is { } s:
                if (!incident.Numbers.TryGetValue("load_ratio", out var ratio) || s.Ratio > ratio)
                {
                    incident.Numbers["load_ratio"] = s.Ratio;
                    incident.Numbers["requests_per_min"] = s.Requests * perMinute;
                    incident.Numbers["baseline_requests_per_min"] = s.Baseline * perMinute;
                    incident.Numbers["surge_window_ms"] = s.StartMs;
                }

                incident.Max("http_429_share", s.Share429);
                break;
            case IncidentCause.VersionRegression:
                if (alert.Rule == RegressionOptions.RuleName)
                {
                    incident.First("effect", alert.Value);
                    incident.First("confidence", alert.Score);
                    incident.First("min_effect", alert.Threshold);
                    if (RecentRollout(alert.Deployment, alert.ModelVersion, window) is { } rollout
                        && _latencyP95.TryGetValue(alert.Deployment, out var versions))
                    {
                        incident.First("latency_p95_before_ms", versions.GetValueOrDefault(rollout.PreviousVersion, double.NaN));
                        incident.First("latency_p95_after_ms", versions.GetValueOrDefault(rollout.Version, double.NaN));
                        incident.First("rollout_window_ms", rollout.WindowStartMs);
                    }
                }

                if (own is { } o && !double.IsNaN(o.Ratio))
                {
                    incident.Max("load_ratio", o.Ratio);
                }

                break;
            case IncidentCause.GpuUnderutilized when own is { } idle:
                incident.First("requests_per_min", idle.Requests * perMinute);
                break;
            case IncidentCause.Unexplained:
                incident.First("value", alert.Value);
                incident.First("expected", alert.ExpectedValue);
                incident.First("lower_bound", alert.LowerBound);
                incident.First("upper_bound", alert.UpperBound);
                break;
            default:
                break;
        }
    }
}
