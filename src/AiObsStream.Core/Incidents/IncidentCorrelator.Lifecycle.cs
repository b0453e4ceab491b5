using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <content>The incidents' Open / Updated / Resolved lifecycle as the watermark advances, and an incident's state as an event.</content>
public sealed partial class IncidentCorrelator
{
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
            _resolvedById[incident.Id] = incident;
            if (_resolved.Count > RecentResolvedKept)
            {
                if (_resolvedById.TryGetValue(_resolved[0].Id, out var indexed) && ReferenceEquals(indexed, _resolved[0]))
                {
                    _resolvedById.Remove(_resolved[0].Id); // (a restored list with a repeated id keeps the later one indexed)
                }

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
}
