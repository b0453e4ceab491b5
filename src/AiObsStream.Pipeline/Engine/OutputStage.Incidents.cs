using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;

namespace AiObsStream.Pipeline.Engine;

/// <content>The incident layer's outputs (events, the run summary, notifications per incident).</content>
internal sealed partial class OutputStage
{
    private const int SummaryIncidentsKept = 1000;
    private readonly Dictionary<string, IncidentEvent> _latestIncidents = new(StringComparer.Ordinal);

    /// <summary>Incidents opened (0 when the incident layer is off).</summary>
    public long IncidentsOpened => _graph.Incidents?.Opened ?? 0;

    /// <summary>Incident state changes emitted.</summary>
    public long IncidentEvents => _graph.Incidents?.Events ?? 0;

    /// <summary>The latest state of each incident seen in this process (bounded), ordered by opening time then id.</summary>
    public IReadOnlyList<IncidentEvent> IncidentSummary() =>
        [.. _latestIncidents.Values.OrderBy(e => e.OpenedAtMs).ThenBy(e => e.IncidentId, StringComparer.Ordinal)];

    /// <summary>Keeps the latest state of each incident for the run summary.</summary>
    private void RecordIncidents(List<IncidentEvent> events)
    {
        foreach (var e in events)
        {
            if (_latestIncidents.Count >= SummaryIncidentsKept && !_latestIncidents.ContainsKey(e.IncidentId))
            {
                continue; // the console shows the first incidents of a very long run; counts stay exact
            }

            _latestIncidents[e.IncidentId] = e;
        }
    }

    /// <summary>Sets <see cref="Notification.Incident"/> on notifications about incident pseudo-alerts.</summary>
    private void AttachIncidents(List<Notification> notes)
    {
        if (_graph.Incidents is not { } incidents)
        {
            return;
        }

        for (var i = 0; i < notes.Count; i++)
        {
            var alerts = notes[i].Alerts;
            if (alerts.Count > 0 && IncidentAlert.IsIncident(alerts[0].Latest) && incidents.Latest(alerts[0].Latest.AlertId) is { } incident)
            {
                notes[i] = notes[i] with { Incident = incident };
            }
        }
    }
}
