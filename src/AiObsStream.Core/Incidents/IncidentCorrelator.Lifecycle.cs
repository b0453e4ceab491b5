using System.Globalization;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>Grouping alerts into incidents, and the incidents' Open / Updated / Resolved lifecycle.</content>
public sealed partial class IncidentCorrelator
{
    /// <summary>Puts a settled alert into its incident; returns the incident id, or null when it gets none.</summary>
    private string? Assign(AlertEvent alert, IncidentCause? intrinsic)
    {
        var window = WindowOf(alert);
        if (_alertIncident.TryGetValue(alert.AlertId, out var id) && _open.TryGetValue(id, out var member))
        {
            Join(member, alert, window);
            return id;
        }

        if (alert.Status != AlertStatus.Firing)
        {
            return null; // the resolve of an alert that never got an incident (overflow)
        }

        var (cause, target) = intrinsic is { } c ? (c, null) : Contextual(alert, window);
        // A new version's alert (the verdict, or one no cause explained) joins an earlier, still-open problem that explains it.
        if (cause is IncidentCause.VersionRegression or IncidentCause.Unexplained && target is null && OpenRegression(alert) is null
            && Confounder(alert, window) is { } earlier)
        {
            MarkConfounded(earlier, alert);
            (cause, target) = (earlier.Cause, earlier);
        }

        if (cause == IncidentCause.VersionRegression && target is null && OpenRegression(alert) is null && Promotable(alert, window) is { } suspect)
        {
            suspect.Cause = IncidentCause.VersionRegression; // the verdict explains what was unexplained: an Updated says so
            suspect.Dirty = true;
            target = suspect;
        }

        target ??= FindOpen(cause, alert);
        if (target is null)
        {
            if (cause == IncidentCause.Network && ThroughputDrop(alert))
            {
                ThroughputDrops++;
                return null; // the load fell, or a link failed: only a link's own error signal opens the network incident
            }

            if (cause == IncidentCause.Unexplained && Marginal(alert))
            {
                Marginals++;
                return null; // a breach inside the margin, with nothing to explain it and nothing open for it
            }

            if (cause == IncidentCause.QualityDrift && alert.Rule == QualityDriftOptions.RuleName && !IsEvaluation(alert.Metric))
            {
                UsageDrifts++;
                return null; // a new version's request metrics (tokens, errors) differ: the regression verdict judges whether it is worse
            }

            if (cause == IncidentCause.Unexplained && Standing(alert))
            {
                StandingBreaches++;
                return null; // the deployment was never seen healthy: no problem *began*, the raw alert says what holds
            }

            if (_open.Count >= _options.MaxOpenIncidents)
            {
                Overflow++;
                return null;
            }

            target = OpenIncident(cause, alert, window);
        }

        Join(target, alert, window);
        return target.Id;
    }

    /// <summary>An anomaly down on a link's throughput (<see cref="Network.NetworkAnomalyRules.IsThroughput"/>).</summary>
    private static bool ThroughputDrop(AlertEvent alert) =>
        alert.Rule.StartsWith(AnomalyPrefix, StringComparison.Ordinal) && alert.Value < alert.ExpectedValue
        && Network.NetworkAnomalyRules.IsThroughput(alert.Metric);

    /// <summary>
    /// A warning-level threshold breach within <see cref="IncidentOptions.MinBreachMargin"/> of its threshold (anomalies
    /// carry their own practical-effect floors, and critical breaches always count).
    /// </summary>
    private bool Marginal(AlertEvent alert)
    {
        if (alert.Severity >= Severity.Critical || alert.Rule.StartsWith(AnomalyPrefix, StringComparison.Ordinal)
            || !double.IsFinite(alert.Value) || !double.IsFinite(alert.Threshold))
        {
            return false;
        }

        var scale = Math.Abs(alert.Threshold);
        return scale > 0 && Math.Abs(alert.Value - alert.Threshold) < _options.MinBreachMargin * scale;
    }

    /// <summary>
    /// A threshold breach (not an anomaly, not critical) that began within <see cref="IncidentOptions.MinBaselineWindows"/>
    /// windows of its deployment's first data: the engine never saw the deployment healthy, so nothing it can call an
    /// incident (a change from a good state) began. The alert stays in alerts.jsonl and on the console; the rule's
    /// threshold is the thing to revisit (a p95 SLO the service never met). Later changes on top of it (a surge, a
    /// regression verdict, an anomaly) still open incidents.
    /// </summary>
    private bool Standing(AlertEvent alert)
    {
        if (alert.Severity >= Severity.Critical || alert.Rule.StartsWith(AnomalyPrefix, StringComparison.Ordinal)
            || alert.Deployment.Length == 0 || !_firstSeen.TryGetValue(alert.Deployment, out var first))
        {
            return false;
        }

        return alert.StartsAtMs < first + (_options.MinBaselineWindows * _windowMs);
    }

    /// <summary>
    /// The open <c>unexplained</c> incident a regression verdict explains: on the verdict's deployment, every version in it
    /// the verdict's candidate, opened at or after the candidate's rollout (the threshold alerts of a new version often
    /// settle a window or two before the verdict has the evidence it needs).
    /// </summary>
    private Incident? Promotable(AlertEvent verdict, long window)
    {
        if (verdict.Rule != RegressionOptions.RuleName || RecentRollout(verdict.Deployment, verdict.ModelVersion, window) is not { } rollout)
        {
            return null;
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == IncidentCause.Unexplained && incident.Deployments.Contains(verdict.Deployment)
                && incident.Versions.Count == 1 && incident.Versions.Contains(verdict.ModelVersion)
                && incident.OpenedAtMs >= rollout.WindowStartMs)
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>The open incident of <paramref name="cause"/> whose scope meets the alert's deployments or hosts.</summary>
    private Incident? FindOpen(IncidentCause cause, AlertEvent alert)
    {
        var deployments = ScopeDeployments(alert);
        var hosts = ScopeHosts(alert);
        if (deployments.Count > 0 || hosts.Count > 0)
        {
            return _open.FirstInScope(cause, deployments, hosts); // the first in id order whose scope meets the alert's
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == cause && incident.Deployments.Count == 0 && incident.Hosts.Count == 0)
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>Whether two sets share an element (SortedSet.Overlaps without its enumerator allocations).</summary>
    private static bool Meets(SortedSet<string> a, SortedSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        if (small.Count == 1)
        {
            return large.Contains(small.Min!); // the common case (one host or deployment), without an enumerator
        }

        foreach (var item in small)
        {
            if (large.Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    private Incident OpenIncident(IncidentCause cause, AlertEvent alert, long window)
    {
        var anchor = alert.Deployment.Length > 0 ? alert.Deployment : alert.Host.Length > 0 ? alert.Host : alert.Source;
        var hash = StableHash64.Combine(StableHash64.Combine(StableHash64.Of(IncidentCauses.Name(cause)), StableHash64.Of(anchor)), (ulong)window);
        var id = hash.ToString("x16", CultureInfo.InvariantCulture);
        for (var salt = 1UL; _open.ContainsKey(id) || ResolvedIndex(id) >= 0; salt++)
        {
            id = StableHash64.Combine(hash, salt).ToString("x16", CultureInfo.InvariantCulture); // the same cause re-opened in one window
        }

        var incident = new Incident(id, cause, window, _windowMs, alert.Deployment, alert.Host) { ChangedAtMs = window + _windowMs };
        _open.TryAdd(incident);
        Opened++;
        return incident;
    }

    private int ResolvedIndex(string id)
    {
        for (var i = 0; i < _resolved.Count; i++)
        {
            if (_resolved[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

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

    /// <summary>Moves every incident to the watermark: resolves those held long enough, emits due events and notices.</summary>
    private void Advance(long watermarkMs, List<IncidentEvent> events, List<AlertEvent> notices)
    {
        Expire(watermarkMs, events, notices);
        foreach (var incident in _open.Values)
        {
            Announce(incident, events, notices);
        }

        TimeOrder.SortTail(events, _eventsStart, static e => e.TimeGeneratedMs); // stable: emission order within a time
        TimeOrder.SortTail(notices, _noticesStart, static a => a.TimeGeneratedMs);
        Events += events.Count - _eventsStart;
    }

    /// <summary>Emits the incident's Open (once) or its Updated (at most once per tick, when something shown changed).</summary>
    private static void Announce(Incident incident, List<IncidentEvent> events, List<AlertEvent> notices)
    {
        if (!incident.Announced)
        {
            incident.Announced = true;
            incident.Dirty = false;
            incident.AnnouncedSeverity = incident.Severity;
            var open = ToEvent(incident, IncidentStatus.Open, incident.OpenWindowMs + incident.WindowMs);
            events.Add(open);
            notices.Add(IncidentAlert.Of(open, incident.AnchorDeployment, incident.AnchorHost));
        }
        else if (incident.Dirty)
        {
            incident.Dirty = false;
            var updated = ToEvent(incident, IncidentStatus.Updated, incident.ChangedAtMs);
            events.Add(updated);
            if (incident.Severity > incident.AnnouncedSeverity)
            {
                incident.AnnouncedSeverity = incident.Severity; // updates are not re-announced, an escalation is
                notices.Add(IncidentAlert.Of(updated, incident.AnchorDeployment, incident.AnchorHost));
            }
        }
    }

    /// <summary>
    /// Resolves every incident whose alerts all resolved at least the hold before <paramref name="untilMs"/> (called
    /// with each settled alert's time as well as the watermark, so the outcome does not depend on how ticks batch alerts).
    /// </summary>
    private void Expire(long untilMs, List<IncidentEvent> events, List<AlertEvent> notices)
    {
        if (untilMs != long.MaxValue && untilMs < _earliestExpiryMs)
        {
            return; // nothing resolving is due yet (see _earliestExpiryMs)
        }

        List<Incident>? done = null;
        var earliest = long.MaxValue;
        foreach (var incident in _open.Values)
        {
            if (incident.AllResolvedAtMs != long.MinValue && !incident.AnyFiring)
            {
                if (untilMs == long.MaxValue || incident.AllResolvedAtMs + _holdMs <= untilMs)
                {
                    (done ??= []).Add(incident);
                }
                else
                {
                    earliest = Math.Min(earliest, incident.AllResolvedAtMs + _holdMs);
                }
            }
        }

        _earliestExpiryMs = earliest;

        foreach (var incident in done ?? [])
        {
            Announce(incident, events, notices); // an incident opened and resolved inside one tick still opens first
            incident.ResolvedAtMs = incident.AllResolvedAtMs;
            var resolved = ToEvent(incident, IncidentStatus.Resolved, incident.AllResolvedAtMs + _holdMs);
            events.Add(resolved);
            notices.Add(IncidentAlert.Of(resolved, incident.AnchorDeployment, incident.AnchorHost));
            _open.Remove(incident.Id);
            foreach (var alertId in incident.Members.Keys)
            {
                _alertIncident.Remove(alertId);
            }

            _resolved.Add(incident);
            if (_resolved.Count > RecentResolvedKept)
            {
                _resolved.RemoveAt(0);
            }
        }
    }

    /// <summary>The incident's state as an event.</summary>
    private static IncidentEvent ToEvent(Incident incident, IncidentStatus status, long timeMs)
    {
        var signals = new List<IncidentSignal>(incident.Signals.Count);
        foreach (var signal in incident.Signals.Values)
        {
            signals.Add(signal.ToSignal());
        }

        signals.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Rule, b.Rule);
            c = c != 0 ? c : string.CompareOrdinal(a.Deployment, b.Deployment);
            return c != 0 ? c : string.CompareOrdinal(a.Host, b.Host);
        });
        var evidence = IncidentEvidence.For(incident, signals);
        return new IncidentEvent
        {
            IncidentId = incident.Id,
            Status = status,
            TimeGeneratedMs = timeMs,
            OpenedAtMs = incident.OpenedAtMs == long.MaxValue ? incident.OpenWindowMs : incident.OpenedAtMs,
            ResolvedAtMs = status == IncidentStatus.Resolved ? incident.ResolvedAtMs : null,
            Cause = incident.Cause,
            Severity = incident.Severity,
            Deployments = [.. incident.Deployments],
            ModelVersions = [.. incident.Versions],
            Hosts = [.. incident.Hosts],
            Signals = signals,
            Evidence = evidence,
            Summary = IncidentEvidence.Summary(incident, signals, evidence),
        };
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
