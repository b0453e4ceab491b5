using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Actions;

/// <summary>
/// Decides the automated responses: which notified incidents (or alerts) trigger which configured action, once per
/// incident × action, within the rate limits and cooldowns. Pure: no I/O, no clock but the notifications' event time.
/// </summary>
/// <remarks>
/// <para>It reads notifications, not alerts or incidents: a notification lists only alerts that are neither silenced
/// nor inhibited, so a silenced or inhibited incident (or alert) never reaches an action. An action needs the
/// notification layer for the same reason.</para>
/// <para>Idempotency: the key is incident id + "/" + action name; incident ids are stable across replays, and the keys
/// already decided are part of the saved state (and the sink adds those of actions.jsonl on a resume), so an incident
/// gets an action at most once even across restarts. Repeat notifications of an incident already acted on are not
/// recorded again. A suppressed decision is recorded once per reason; the action may still fire on a later
/// notification of the incident once the limit or cooldown allows (never for <see cref="ActionTrigger.Open"/>).</para>
/// <para>Rate limits and cooldowns count decisions (sent and dry-run alike, so a dry run shows what would be sent) in
/// event time, so a replay decides the same as the live run did.</para>
/// </remarks>
public sealed partial class ActionDecider
{
    private const long HourMs = 3_600_000;
    private readonly IReadOnlyList<ActionDefinition> _actions;
    private readonly DeploymentVersions _versions = new();
    private readonly Dictionary<string, IncidentEvent> _incidents = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _done = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _announced = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _suppressed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _lastFired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<long>> _fires = new(StringComparer.Ordinal);

    /// <summary>Creates a decider for validated actions.</summary>
    public ActionDecider(IReadOnlyList<ActionDefinition> actions)
    {
        ActionDefinition.ValidateAll(actions);
        _actions = actions;
        foreach (var a in actions)
        {
            _fires[a.Name] = new Queue<long>();
        }
    }

    /// <summary>The configured actions.</summary>
    public IReadOnlyList<ActionDefinition> Actions => _actions;

    /// <summary>Idempotency keys already decided (sent, failed or dry-run).</summary>
    public int Decided => _done.Count;

    /// <summary>True when <paramref name="idempotencyKey"/> was decided already.</summary>
    public bool IsDone(string idempotencyKey) => _done.Contains(idempotencyKey);

    /// <summary>Marks a key as decided (a resumed run reads them back from actions.jsonl).</summary>
    public void MarkDone(string idempotencyKey) => _done.Add(idempotencyKey);

    /// <summary>Notes the model versions the deployments serve (for the previous version of a rollback).</summary>
    public void ObserveRows(IReadOnlyList<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _versions.Observe(rows);
    }

    /// <summary>
    /// Notes the versions alerts were raised on: in a replay, metric rows reach the sinks only when their windows close,
    /// often after the alerts of the same windows, so alerts are the earlier witness of what a deployment served.
    /// </summary>
    public void ObserveAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var a in alerts)
        {
            if (a.Deployment.Length > 0 && a.ModelVersion.Length > 0 && !IncidentAlert.IsIncident(a))
            {
                _versions.Observe(a.Deployment, a.ModelVersion, a.StartsAtMs);
            }
        }
    }

    /// <summary>Keeps the latest state of each open incident (a notification may gather several incidents) and notes its signals' versions.</summary>
    public void ObserveIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        foreach (var e in incidents)
        {
            foreach (var s in e.Signals)
            {
                if (s.Deployment.Length > 0 && s.ModelVersion.Length > 0)
                {
                    _versions.Observe(s.Deployment, s.ModelVersion, e.OpenedAtMs);
                }
            }

            if (e.Status == IncidentStatus.Resolved)
            {
                _incidents.Remove(e.IncidentId);
            }
            else
            {
                _incidents[e.IncidentId] = e;
            }
        }
    }

    /// <summary>Decides the actions the notifications trigger; appends decisions in notification, alert and action order.</summary>
    public void Decide(IReadOnlyList<Notification> notifications, List<ActionDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var n in notifications)
        {
            foreach (var alert in n.Alerts)
            {
                var subject = SubjectOf(n, alert);
                if (alert.Status != AlertStatus.Firing)
                {
                    Forget(subject.Id);
                    continue;
                }

                var first = _announced.Add(subject.Id);
                foreach (var action in _actions)
                {
                    if ((action.On == ActionTrigger.Open && !first) || !Matches(action, subject))
                    {
                        continue;
                    }

                    if (DecideOne(action, subject, n.TimeMs) is { } decision)
                    {
                        decisions.Add(decision);
                    }
                }
            }
        }
    }

    /// <summary>True when every matcher of <paramref name="action"/> matches <paramref name="subject"/>.</summary>
    public static bool Matches(ActionDefinition action, ActionSubject subject)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(subject);
        return (action.Cause is null || subject.Cause == action.Cause)
            && (action.Severity is null || subject.Severity >= action.Severity)
            && (action.Rule is null || subject.Rules.Any(r => LabelPattern.Matches(action.Rule, r)))
            && (action.Deployment is null || subject.Deployments.Any(d => LabelPattern.Matches(action.Deployment, d)));
    }

    private ActionDecision? DecideOne(ActionDefinition action, ActionSubject subject, long timeMs)
    {
        var key = subject.Id + "/" + action.Name;
        if (_done.Contains(key))
        {
            return null; // idempotent: one decision per incident × action
        }

        var scope = action.Name + "|" + subject.Scope;
        var fires = _fires[action.Name];
        while (fires.Count > 0 && timeMs - fires.Peek() >= HourMs)
        {
            fires.Dequeue();
        }

        string? kind = null;
        string? reason = null;
        if (action.Cooldown > TimeSpan.Zero && _lastFired.TryGetValue(scope, out var last) && timeMs - last < (long)action.Cooldown.TotalMilliseconds)
        {
            kind = "cooldown";
            reason = $"cooldown: {action.Name} acted on {subject.Scope} at {Iso(last)}, cooldown {action.Cooldown:c}";
        }
        else if (action.PerHour is { } limit && fires.Count >= limit)
        {
            kind = "rate-limit";
            reason = string.Create(CultureInfo.InvariantCulture, $"rate limit: {limit} decisions of {action.Name} in the hour before {Iso(timeMs)}");
        }

        var previous = subject.Deployments.Count > 0 && subject.ModelVersion.Length > 0
            ? _versions.PreviousOf(subject.Deployments[0], subject.ModelVersion)
            : null;
        if (kind is not null)
        {
            if (_suppressed.TryGetValue(key, out var old) && old == kind)
            {
                return null; // recorded once per reason
            }

            _suppressed[key] = kind;
            return new ActionDecision
            {
                Action = action, Subject = subject, IdempotencyKey = key, TimeMs = timeMs, PreviousVersion = previous,
                Outcome = ActionOutcome.Suppressed, Reason = reason,
            };
        }

        _done.Add(key);
        _suppressed.Remove(key);
        _lastFired[scope] = timeMs;
        fires.Enqueue(timeMs);
        return new ActionDecision
        {
            Action = action, Subject = subject, IdempotencyKey = key, TimeMs = timeMs, PreviousVersion = previous,
            Outcome = action.DryRun ? ActionOutcome.DryRun : ActionOutcome.Sent,
        };
    }

    /// <summary>A resolved incident or alert: a later re-open is announced again; suppressions are forgotten.</summary>
    private void Forget(string id)
    {
        _announced.Remove(id);
        foreach (var action in _actions)
        {
            _suppressed.Remove(id + "/" + action.Name);
        }
    }

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
