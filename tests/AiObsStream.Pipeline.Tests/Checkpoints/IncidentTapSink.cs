using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

/// <summary>
/// Passes everything to the inner sink and records incident events and the alerts' incident ids as text lines; at a
/// checkpoint it marks how far the lines are durable, as the file sinks do (a restore goes back to that mark).
/// </summary>
internal sealed class IncidentTapSink(IOutputSink inner, List<string> lines) : IOutputSink
{
    public int Mark { get; private set; } = lines.Count;

    public void WriteRows(IReadOnlyList<MetricRow> rows) => inner.WriteRows(rows);

    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        foreach (var a in alerts)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"alert {a.TimeGeneratedMs} {a.Status} {a.Rule} {a.AlertId} -> {a.IncidentId}"));
        }

        inner.WriteAlerts(alerts);
    }

    public void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
        foreach (var n in notifications)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"note {n.TimeMs} {n.Status} {n.GroupKey} {n.Incident?.Status} {n.Incident?.Summary}"));
        }

        inner.WriteNotifications(notifications);
    }

    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
        foreach (var e in incidents)
        {
            var signals = string.Join(";", e.Signals.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Rule}/{s.Deployment}/{s.Host}/{s.Source}/{string.Join('+', s.Sources)}/{s.Peak}/{s.Alerts}/{s.Firing}")));
            var evidence = string.Join(";", e.Evidence.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Name}={x.Value}")));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"incident {e.TimeGeneratedMs} {e.IncidentId} {e.Status} {e.Cause} {e.OpenedAtMs} {e.ResolvedAtMs} {e.Severity} " +
                $"[{string.Join(',', e.Deployments)}] [{string.Join(',', e.ModelVersions)}] [{string.Join(',', e.Hosts)}] {signals} {evidence} {e.Summary}"));
        }

        inner.WriteIncidents(incidents);
    }

    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => inner.WriteDeadLetters(items);

    public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public async Task<byte[]> CheckpointAsync(CancellationToken cancellationToken)
    {
        var state = await inner.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        Mark = lines.Count;
        return state;
    }

    public Task RestoreAsync(byte[] state, CancellationToken cancellationToken) => inner.RestoreAsync(state, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
