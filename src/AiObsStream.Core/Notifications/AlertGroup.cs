namespace AiObsStream.Core.Notifications;

/// <summary>One notification group: its members and Alertmanager-style timers.</summary>
internal sealed class AlertGroup(string key, long firstFlushMs)
{
    /// <summary>The group key.</summary>
    public string Key { get; } = key;

    /// <summary>Members by alert key (ordinal order keeps notifications deterministic).</summary>
    public OrderedMap<TrackedAlert> Members { get; } = new();

    /// <summary>Next tick: creation + group_wait, then every group_interval.</summary>
    public long NextFlushMs { get; set; } = firstFlushMs;

    /// <summary>Whether the group has sent anything.</summary>
    public bool Sent { get; set; }

    /// <summary>Event time of the last notification.</summary>
    public long LastSentMs { get; set; }

    /// <summary>Incident/status/severity entries of the alerts in the last notification.</summary>
    public HashSet<string> LastSent { get; } = new(StringComparer.Ordinal);
}
