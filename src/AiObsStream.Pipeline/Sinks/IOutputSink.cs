using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Sinks;

/// <summary>Where the engine's results go. Called from the single output stage, never concurrently.</summary>
public interface IOutputSink : IAsyncDisposable
{
    /// <summary>Metric rows (already filtered by the emit policy), in deterministic order.</summary>
    void WriteRows(IReadOnlyList<MetricRow> rows);

    /// <summary>Alert state changes, in deterministic order.</summary>
    void WriteAlerts(IReadOnlyList<AlertEvent> alerts);

    /// <summary>Notifications (grouped, damped, inhibited and silenced alerts); sinks without a use for them ignore them.</summary>
    void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
    }

    /// <summary>Incident state changes (Open / Updated / Resolved), in deterministic order; sinks without a use for them ignore them.</summary>
    void WriteIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
    }

    /// <summary>Rejected inputs.</summary>
    void WriteDeadLetters(IReadOnlyList<DeadLetter> items);

    /// <summary>Makes everything written so far durable.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// At a checkpoint: makes everything written so far durable and returns the sink's position (opaque bytes saved in
    /// the checkpoint). The default flushes and saves nothing.
    /// </summary>
    async Task<byte[]> CheckpointAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>
    /// After a restart from a checkpoint: goes back to the position <see cref="CheckpointAsync"/> returned, so output
    /// that is about to be produced again is not duplicated (files are truncated, topics de-duplicated). The default
    /// does nothing (at-least-once).
    /// </summary>
    Task RestoreAsync(byte[] state, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The checkpoint whose state <see cref="CheckpointAsync"/> returned has been saved: a sink that holds output until a
    /// checkpoint covers it (the Kafka alert topic) releases it now. The default does nothing.
    /// </summary>
    Task CheckpointSavedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
