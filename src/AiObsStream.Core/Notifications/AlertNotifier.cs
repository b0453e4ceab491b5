using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Notifications;

/// <summary>
/// Turns the alert event stream (threshold, anomaly and drift alerts alike) into notifications: keep-firing-for,
/// flap damping, Alertmanager-style grouping (group_wait / group_interval / repeat_interval), optional inhibition of
/// alerts by GPU hardware alerts on the serving host, and silences. With the incident layer on, it receives one
/// pseudo-alert per incident (<see cref="Incidents.IncidentAlert"/>) instead of the raw alerts.
/// </summary>
/// <remarks>
/// Single-threaded and deterministic: time is the event time of the input (<see cref="AlertEvent.TimeGeneratedMs"/>)
/// plus explicit <see cref="AdvanceTo"/> ticks, never the wall clock; alerts and groups are visited in ordinal key
/// order. Events older than the current time are applied at the current time and counted in <see cref="LateEvents"/>.
/// An alert series is the rule plus every dimension; an incident keeps the id of the event that opened it.
/// </remarks>
public sealed partial class AlertNotifier
{
    private const int MaxStepsPerAdvance = 1_000_000;
    private readonly NotifierOptions _options;
    private readonly long _keepFiringForMs;
    private readonly long _flapWindowMs;
    private readonly OrderedMap<TrackedAlert> _alerts = new();
    private readonly OrderedMap<AlertGroup> _groups = new();
    private readonly Dictionary<string, HashSet<string>> _hostDeployments = new(StringComparer.Ordinal);
    private readonly List<string> _scratchKeys = [];
    private readonly List<TrackedAlert> _visibleScratch = [];
    private bool _started;

    /// <summary>Creates a notifier; the options are validated.</summary>
    public AlertNotifier(NotifierOptions? options = null)
    {
        _options = options ?? new NotifierOptions();
        _options.Validate();
        _keepFiringForMs = (long)_options.KeepFiringFor.TotalMilliseconds;
        _flapWindowMs = (long)_options.FlapWindow.TotalMilliseconds;
        foreach (var (host, deployments) in _options.HostDeployments)
        {
            foreach (var deployment in deployments)
            {
                LearnServes(host, deployment);
            }
        }
    }

    /// <summary>Current event time (Unix ms); <see cref="long.MinValue"/> before the first input.</summary>
    public long NowMs { get; private set; } = long.MinValue;

    /// <summary>State changes suppressed by flap damping, over all alerts.</summary>
    public long FlapSuppressed { get; private set; }

    /// <summary>Alerts left out of a group tick because a silence matched them (counted per tick sent or checked; quiet ticks skipped over a gap are not counted).</summary>
    public long Silenced { get; private set; }

    /// <summary>Firing alerts left out of a group tick because a GPU hardware alert inhibited them (counted per tick, like <see cref="Silenced"/>).</summary>
    public long Inhibited { get; private set; }

    /// <summary>Events that arrived with an event time older than <see cref="NowMs"/> (applied at <see cref="NowMs"/>).</summary>
    public long LateEvents { get; private set; }

    /// <summary>Alert series the notifier holds state for.</summary>
    public int TrackedAlerts => _alerts.Count;

    /// <summary>Groups with pending or sent alerts.</summary>
    public int Groups => _groups.Count;

    /// <summary>Applies one alert event at its event time, first running every timer due until then.</summary>
    /// <param name="alert">The event (Firing or Resolved).</param>
    /// <param name="output">Receives the notifications due up to the event's time, in time order.</param>
    public void OnAlert(AlertEvent alert, List<Notification> output)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(output);
        if (_started && alert.TimeGeneratedMs < NowMs)
        {
            LateEvents++;
        }

        AdvanceTo(alert.TimeGeneratedMs, output);
        if (alert.Host.Length > 0 && alert.Deployment.Length > 0)
        {
            LearnServes(alert.Host, alert.Deployment);
        }

        var key = SeriesKey(alert);
        if (alert.Status == AlertStatus.Firing)
        {
            if (!_alerts.TryGetValue(key, out var tracked))
            {
                tracked = new TrackedAlert(key, alert);
                _alerts.Set(key, tracked);
            }

            tracked.Latest = alert;
            tracked.UpstreamFiring = true;
            if (tracked.EffectiveFiring && alert.Severity > tracked.Severity)
            {
                tracked.Severity = alert.Severity; // escalation inside the incident: the next tick sends it
            }

            Reconcile(tracked, fromEvent: true);
        }
        else if (UpstreamFiring(key, alert) is { } tracked)
        {
            tracked.Latest = alert;
            tracked.UpstreamFiring = false;
            tracked.UpstreamResolvedAtMs = NowMs;
            tracked.UpstreamEndsAtMs = alert.EndsAtMs ?? alert.TimeGeneratedMs;
            Reconcile(tracked, fromEvent: true);
        }

        AdvanceTo(NowMs, output); // a zero group_wait flushes at once
    }

    /// <summary>Moves event time forward to <paramref name="timeMs"/>, running due timers in time order (no-op when earlier).</summary>
    /// <param name="timeMs">The new event time (Unix ms).</param>
    /// <param name="output">Receives the notifications that fall due.</param>
    public void AdvanceTo(long timeMs, List<Notification> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_started)
        {
            _started = true;
            NowMs = timeMs;
        }

        if (timeMs < NowMs)
        {
            return;
        }

        for (var step = 0; step < MaxStepsPerAdvance; step++)
        {
            var next = NextDueMs();
            if (next > timeMs)
            {
                break;
            }

            NowMs = Math.Max(NowMs, next);
            RunDue(timeMs, output);
        }

        NowMs = timeMs;
    }

    private void RunDue(long targetMs, List<Notification> output)
    {
        for (var i = 0; i < _alerts.Count; i++)
        {
            if (AlertDueMs(_alerts[i]) <= NowMs)
            {
                Reconcile(_alerts[i], fromEvent: false);
            }
        }

        var horizon = QuietUntil(targetMs);
        _scratchKeys.Clear();
        for (var i = 0; i < _groups.Count; i++)
        {
            var group = _groups[i];
            if (group.NextFlushMs <= NowMs)
            {
                Flush(group, output);
                if (group.Members.Count == 0)
                {
                    _scratchKeys.Add(group.Key);
                }
                else
                {
                    SkipIdleTicks(group, horizon);
                }
            }
        }

        foreach (var key in _scratchKeys)
        {
            _groups.Remove(key);
        }

        ForgetIdle();
    }

    /// <summary>
    /// Until when nothing can change what a tick sends: the target time, or the first alert timer or silence start/end
    /// before it.
    /// </summary>
    private long QuietUntil(long targetMs)
    {
        var horizon = targetMs;
        for (var i = 0; i < _alerts.Count; i++)
        {
            horizon = Math.Min(horizon, AlertDueMs(_alerts[i]));
        }

        foreach (var silence in _options.Silences)
        {
            horizon = silence.StartsAtMs > NowMs ? Math.Min(horizon, silence.StartsAtMs) : horizon;
            horizon = silence.EndsAtMs > NowMs ? Math.Min(horizon, silence.EndsAtMs) : horizon;
        }

        return horizon;
    }

    /// <summary>
    /// Output is bounded by data, not by the span of event time: after a tick has sent (or confirmed) a group's state,
    /// its further ticks up to <paramref name="horizon"/> (the next event or alert timer) could only send repeats, so
    /// they are skipped to the last tick before the horizon. When event time jumps (inputs months apart) at most one
    /// repeat is sent for the whole gap and repeat_interval restarts from it: Alertmanager's repeat_interval measured
    /// on a clock that did not run during the gap. Groups with an unsent change are never skipped (they are only
    /// skipped right after their own tick).
    /// </summary>
    private void SkipIdleTicks(AlertGroup group, long horizon)
    {
        var interval = (long)_options.GroupInterval.TotalMilliseconds;
        if (group.NextFlushMs < horizon)
        {
            group.NextFlushMs += (horizon - group.NextFlushMs) / interval * interval;
        }
    }

    private long NextDueMs()
    {
        var next = long.MaxValue;
        for (var i = 0; i < _alerts.Count; i++)
        {
            next = Math.Min(next, AlertDueMs(_alerts[i]));
        }

        for (var i = 0; i < _groups.Count; i++)
        {
            next = Math.Min(next, _groups[i].NextFlushMs);
        }

        return next;
    }

    private void LearnServes(string host, string deployment)
    {
        if (!_hostDeployments.TryGetValue(host, out var set))
        {
            _hostDeployments[host] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(deployment);
    }

    /// <summary>
    /// The firing series a resolve ends: by series key, else by the rule engine's AlertId. A series' model version can
    /// change inside one incident (GPU rows take the version their deployment serves, which a rollout or data from a
    /// later input changes), so a resolve may carry another version than its Firing; the AlertId names the incident.
    /// </summary>
    private TrackedAlert? UpstreamFiring(string key, AlertEvent alert)
    {
        if (_alerts.TryGetValue(key, out var tracked) && tracked.UpstreamFiring)
        {
            return tracked;
        }

        for (var i = 0; i < _alerts.Count; i++)
        {
            var candidate = _alerts[i];
            if (candidate.UpstreamFiring && string.Equals(candidate.Latest.AlertId, alert.AlertId, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Rule plus every dimension; an incident pseudo-alert is keyed by its id alone (its labels describe the incident,
    /// which keeps one id however its scope grows).
    /// </summary>
    private static string SeriesKey(AlertEvent a) => Incidents.IncidentAlert.IsIncident(a)
        ? a.Rule + "|" + a.AlertId
        : string.Join('|', a.Rule, a.Source, a.Deployment, a.ModelName, a.ModelVersion, a.Operation, a.Host, a.Gpu);
}
