using System.Globalization;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>Which incident a settled alert goes to: the attributed target, the gates that keep an alert out of any incident, and the opening of a new one.</content>
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

    private Incident OpenIncident(IncidentCause cause, AlertEvent alert, long window)
    {
        var anchor = alert.Deployment.Length > 0 ? alert.Deployment : alert.Host.Length > 0 ? alert.Host : alert.Source;
        var hash = StableHash64.Combine(StableHash64.Combine(StableHash64.Of(IncidentCauses.Name(cause)), StableHash64.Of(anchor)), (ulong)window);
        var id = hash.ToString("x16", CultureInfo.InvariantCulture);
        for (var salt = 1UL; _open.ContainsKey(id) || _resolvedById.ContainsKey(id); salt++)
        {
            id = StableHash64.Combine(hash, salt).ToString("x16", CultureInfo.InvariantCulture); // the same cause re-opened in one window
        }

        var incident = new Incident(id, cause, window, _windowMs, alert.Deployment, alert.Host) { ChangedAtMs = window + _windowMs };
        _open.TryAdd(incident);
        Opened++;
        return incident;
    }
}
