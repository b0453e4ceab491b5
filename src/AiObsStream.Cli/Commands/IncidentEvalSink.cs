using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// The outputs <c>eval incidents</c> keeps: alerts, notifications, incidents and dead letters go to a
/// <see cref="JsonlDirectorySink"/>; metric rows (most of the bytes, unused by the scorer) are dropped.
/// </summary>
internal sealed class IncidentEvalSink(JsonlDirectorySink inner) : IOutputSink
{
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
    }

    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts) => inner.WriteAlerts(alerts);

    public void WriteNotifications(IReadOnlyList<Notification> notifications) => ((IOutputSink)inner).WriteNotifications(notifications);

    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents) => ((IOutputSink)inner).WriteIncidents(incidents);

    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => inner.WriteDeadLetters(items);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
