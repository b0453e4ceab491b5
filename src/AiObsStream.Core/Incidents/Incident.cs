using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <summary>The correlator's mutable state of one incident (open, or recently resolved and kept for look-ups).</summary>
internal sealed class Incident(string id, IncidentCause cause, long openWindowMs, long windowMs, string anchorDeployment, string anchorHost)
{
    /// <summary>Stable id (see <see cref="IncidentCorrelator"/>).</summary>
    public string Id { get; } = id;

    /// <summary>The probable cause; an <c>unexplained</c> incident of a new version becomes a version regression when the verdict arrives.</summary>
    public IncidentCause Cause { get; set; } = cause;

    /// <summary>Start of the window its first alert settled in (part of the id).</summary>
    public long OpenWindowMs { get; } = openWindowMs;

    /// <summary>Size of the metric windows (the Open event is stamped at the end of the opening window).</summary>
    public long WindowMs { get; } = windowMs;

    /// <summary>The deployment it opened with (empty when it opened on a host alone); fixed, used for notifications.</summary>
    public string AnchorDeployment { get; } = anchorDeployment;

    /// <summary>The host it opened with (empty when none); fixed.</summary>
    public string AnchorHost { get; } = anchorHost;

    /// <summary>Earliest StartsAt of its alerts.</summary>
    public long OpenedAtMs { get; set; } = long.MaxValue;

    public SortedSet<string> Deployments { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Hosts { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Signals by <see cref="SignalState.KeyOf"/>.</summary>
    public SortedDictionary<string, SignalState> Signals { get; } = new(StringComparer.Ordinal);

    /// <summary>Member alerts (AlertId → firing).</summary>
    public SortedDictionary<string, bool> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw evidence numbers by name (the cause picks and orders them when the incident is shown).</summary>
    public SortedDictionary<string, double> Numbers { get; } = new(StringComparer.Ordinal);

    /// <summary>The version whose regression alerts this incident absorbed because it explains them (empty when none).</summary>
    public string ConfoundedVersion { get; set; } = string.Empty;

    /// <summary>Whether the Open event was emitted.</summary>
    public bool Announced { get; set; }

    /// <summary>Something shown changed since the last event (an Updated is due this tick).</summary>
    public bool Dirty { get; set; }

    /// <summary>Event time of the latest change (the time of the next Open/Updated event).</summary>
    public long ChangedAtMs { get; set; }

    /// <summary>Severity last announced to the notifier (a higher one re-announces).</summary>
    public Severity AnnouncedSeverity { get; set; }

    /// <summary>Event time the last member resolved; <see cref="long.MinValue"/> while one fires.</summary>
    public long AllResolvedAtMs { get; set; } = long.MinValue;

    /// <summary>Set when the Resolved event was emitted.</summary>
    public long? ResolvedAtMs { get; set; }

    /// <summary>Highest severity of its signals.</summary>
    public Severity Severity
    {
        get
        {
            var s = Severity.None;
            foreach (var signal in Signals.Values)
            {
                s = signal.Severity > s ? signal.Severity : s;
            }

            return s == Severity.None ? Severity.Warning : s;
        }
    }

    /// <summary>True when some member alert fires.</summary>
    public bool AnyFiring
    {
        get
        {
            foreach (var firing in Members.Values)
            {
                if (firing)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Raises a number to <paramref name="value"/> when higher (or sets it when absent).</summary>
    public void Max(string name, double value)
    {
        if (double.IsFinite(value) && (!Numbers.TryGetValue(name, out var old) || value > old))
        {
            Numbers[name] = value;
        }
    }

    /// <summary>Sets a number when absent.</summary>
    public void First(string name, double value)
    {
        if (double.IsFinite(value))
        {
            Numbers.TryAdd(name, value);
        }
    }
}
