namespace AiObsStream.Core.Notifications;

/// <content>Per-alert lifecycle: keep-firing-for, flap damping, incidents and state retention.</content>
public sealed partial class AlertNotifier
{
    /// <summary>
    /// Moves the effective state towards what the upstream state and keep-firing-for ask for, unless flap damping
    /// blocks it. A re-fire continues the incident while the alert is still in a group (its resolve unsent).
    /// </summary>
    private void Reconcile(TrackedAlert tracked, bool fromEvent)
    {
        var desired = tracked.DesiredFiring(NowMs, _keepFiringForMs);
        if (desired == tracked.EffectiveFiring)
        {
            if (fromEvent && tracked.BlockedDesired is not null)
            {
                tracked.SuppressedChanges++; // the upstream state went back while a change was held back: both are suppressed
                FlapSuppressed++;
            }

            tracked.BlockedDesired = null;
            return;
        }

        tracked.PruneChanges(NowMs, _flapWindowMs);
        if (tracked.Changes.Count >= _options.FlapMaxChanges)
        {
            if (tracked.BlockedDesired != desired && (fromEvent || tracked.BlockedDesired is null))
            {
                tracked.SuppressedChanges++;
                FlapSuppressed++;
            }

            tracked.BlockedDesired = desired;
            return;
        }

        tracked.BlockedDesired = null;
        tracked.Changes.Enqueue(NowMs);
        tracked.EffectiveFiring = desired;
        if (!desired)
        {
            return; // stays in its group until a tick sends (or drops) the resolve
        }

        if (tracked.Group is null)
        {
            var latest = tracked.Latest;
            tracked.IncidentId = latest.AlertId;
            tracked.StartsAtMs = latest.StartsAtMs;
            tracked.Severity = latest.Severity;
            tracked.NotifiedFiring = false;
            AddToGroup(tracked);
        }
        else if (tracked.Latest.Severity > tracked.Severity)
        {
            tracked.Severity = tracked.Latest.Severity;
        }
    }

    /// <summary>When the alert next needs a look: a blocked change frees up, or keep-firing-for expires.</summary>
    private long AlertDueMs(TrackedAlert tracked)
    {
        if (tracked.DesiredFiring(NowMs, _keepFiringForMs) != tracked.EffectiveFiring)
        {
            tracked.PruneChanges(NowMs, _flapWindowMs);
            return tracked.Changes.Count >= _options.FlapMaxChanges ? tracked.Changes.Peek() + _flapWindowMs : NowMs;
        }

        return tracked.EffectiveFiring && !tracked.UpstreamFiring
            ? tracked.UpstreamResolvedAtMs + _keepFiringForMs
            : long.MaxValue;
    }

    /// <summary>Drops resolved series outside any group once their flap history has expired.</summary>
    private void ForgetIdle()
    {
        _scratchKeys.Clear();
        for (var i = 0; i < _alerts.Count; i++)
        {
            var tracked = _alerts[i];
            if (tracked.UpstreamFiring || tracked.EffectiveFiring || tracked.Group is not null)
            {
                continue;
            }

            tracked.PruneChanges(NowMs, _flapWindowMs);
            if (tracked.Changes.Count == 0)
            {
                _scratchKeys.Add(tracked.Key);
            }
        }

        foreach (var key in _scratchKeys)
        {
            _alerts.Remove(key);
        }
    }
}
