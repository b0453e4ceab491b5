using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Engine;

/// <summary>What a run did: per-input counts, rejects by reason, aggregation counters and alerts.</summary>
public sealed record RunSummary
{
    /// <summary>Per-input statistics.</summary>
    public required IReadOnlyList<InputStats> Inputs { get; init; }

    /// <summary>Records counted once although seen more than once.</summary>
    public required long Duplicates { get; init; }

    /// <summary>Records aggregated.</summary>
    public required long Aggregated { get; init; }

    /// <summary>
    /// Events of the event monitors (callers, dependencies, access) that arrived later than the allowed disorder: used,
    /// but not in event-time order (see <c>MonitorFeed.Behind</c>).
    /// </summary>
    public long MonitorEventsBehind { get; init; }

    /// <summary>Events the event monitors could not use because their window had closed (see <c>MonitorFeed.Late</c>).</summary>
    public long MonitorEventsLate { get; init; }

    /// <summary>Metric rows written.</summary>
    public required long RowsWritten { get; init; }

    /// <summary>Alert state changes emitted.</summary>
    public required long AlertEvents { get; init; }

    /// <summary>Firing events among them.</summary>
    public required long AlertsFiring { get; init; }

    /// <summary>The firing events (bounded), for the console.</summary>
    public required IReadOnlyList<AlertEvent> FiringAlerts { get; init; }

    /// <summary>Incidents opened in this run.</summary>
    public long IncidentsOpened { get; init; }

    /// <summary>Incident state changes emitted (Open, Updated, Resolved).</summary>
    public long IncidentEvents { get; init; }

    /// <summary>The latest state of each incident of the run (bounded), ordered by <see cref="IncidentEvent.OpenedAtMs"/> then id, for the console.</summary>
    public IReadOnlyList<IncidentEvent> Incidents { get; init; } = [];

    /// <summary>Notifications sent (after grouping, damping, inhibition and silences).</summary>
    public long Notifications { get; init; }

    /// <summary>Dead letters written.</summary>
    public required long DeadLetters { get; init; }

    /// <summary>Wall-clock duration.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Total events parsed.</summary>
    public long Events => Inputs.Sum(i => i.Events);

    /// <summary>Checkpoints saved in this run.</summary>
    public long Checkpoints { get; init; }

    /// <summary>Checkpoints that failed to save (offsets were not committed for them).</summary>
    public long CheckpointFailures { get; init; }

    /// <summary>Why the last failed checkpoint failed (null when none failed).</summary>
    public string? LastCheckpointFailure { get; init; }

    /// <summary>Offset commits the broker refused (later commits cover them).</summary>
    public long CommitFailures { get; init; }

    /// <summary>Why the last refused commit was refused.</summary>
    public string? LastCommitFailure { get; init; }
}
