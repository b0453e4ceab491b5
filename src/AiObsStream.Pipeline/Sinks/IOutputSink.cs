using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
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

    /// <summary>Rejected inputs.</summary>
    void WriteDeadLetters(IReadOnlyList<DeadLetter> items);

    /// <summary>Makes everything written so far durable.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
