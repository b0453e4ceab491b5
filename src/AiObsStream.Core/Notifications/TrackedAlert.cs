using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Notifications;

/// <summary>The notifier's state for one alert series (rule × dimensions), across its incidents.</summary>
internal sealed class TrackedAlert(string key, AlertEvent first)
{
    private string? _entry;
    private string? _entryIncident;
    private bool _entryFiring;
    private Severity _entrySeverity;

    /// <summary>Rule plus every dimension: identical for all incidents of the series.</summary>
    public string Key { get; } = key;

    /// <summary>The latest upstream event.</summary>
    public AlertEvent Latest { get; set; } = first;

    /// <summary>Whether the upstream engine currently reports the alert firing.</summary>
    public bool UpstreamFiring { get; set; }

    /// <summary>Event time of the latest upstream resolve (start of keep-firing-for).</summary>
    public long UpstreamResolvedAtMs { get; set; }

    /// <summary>End of the breaching condition reported by the latest upstream resolve.</summary>
    public long? UpstreamEndsAtMs { get; set; }

    /// <summary>The state notifications show (after keep-firing-for and flap damping).</summary>
    public bool EffectiveFiring { get; set; }

    /// <summary>Incident id (the first upstream AlertId of the incident).</summary>
    public string IncidentId { get; set; } = first.AlertId;

    /// <summary>Incident start.</summary>
    public long StartsAtMs { get; set; } = first.StartsAtMs;

    /// <summary>Highest severity of the incident.</summary>
    public Severity Severity { get; set; } = first.Severity;

    /// <summary>Event times of the effective changes inside the flap window, oldest first.</summary>
    public Queue<long> Changes { get; } = new();

    /// <summary>Changes suppressed by flap damping (cumulative).</summary>
    public int SuppressedChanges { get; set; }

    /// <summary>The change flap damping is holding back (counted once), or null when none is.</summary>
    public bool? BlockedDesired { get; set; }

    /// <summary>The group it is in, or null when it is not part of any pending notification.</summary>
    public AlertGroup? Group { get; set; }

    /// <summary>Whether the current incident has been sent as firing.</summary>
    public bool NotifiedFiring { get; set; }

    /// <summary>"incident/F|R/severity": what a notification said about this alert (cached until one of them changes).</summary>
    public string Entry
    {
        get
        {
            if (_entry is null || _entryIncident != IncidentId || _entryFiring != EffectiveFiring || _entrySeverity != Severity)
            {
                (_entryIncident, _entryFiring, _entrySeverity) = (IncidentId, EffectiveFiring, Severity);
                _entry = $"{IncidentId}/{(EffectiveFiring ? 'F' : 'R')}/{(int)Severity}";
            }

            return _entry;
        }
    }

    /// <summary>The effective state the upstream state and keep-firing-for ask for at <paramref name="nowMs"/>.</summary>
    public bool DesiredFiring(long nowMs, long keepFiringForMs) =>
        UpstreamFiring || (EffectiveFiring && nowMs < UpstreamResolvedAtMs + keepFiringForMs);

    /// <summary>Drops change times that left the flap window.</summary>
    public void PruneChanges(long nowMs, long flapWindowMs)
    {
        while (Changes.Count > 0 && Changes.Peek() + flapWindowMs <= nowMs)
        {
            Changes.Dequeue();
        }
    }
}
