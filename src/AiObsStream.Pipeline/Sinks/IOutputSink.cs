using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Sinks;

/// <summary>Where the engine's results go. Called from the single output stage, never concurrently.</summary>
public interface IOutputSink : IAsyncDisposable
{
    /// <summary>Metric rows (already filtered by the emit policy), in deterministic order.</summary>
    void WriteRows(IReadOnlyList<MetricRow> rows);

    /// <summary>Alert state changes, in deterministic order.</summary>
    void WriteAlerts(IReadOnlyList<AlertEvent> alerts);

    /// <summary>Rejected inputs.</summary>
    void WriteDeadLetters(IReadOnlyList<DeadLetter> items);

    /// <summary>Makes everything written so far durable.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
