namespace AiObsStream.Cli.Report;

/// <summary>The incident timeline: one row per incident with a bar over the run's span, and its evidence one click away.</summary>
internal static partial class HtmlReportWriter
{
    private const int ManyIncidents = 100;
    private const int AlertsWhenMany = 3;

    private static void WriteIncidents(ReportModel m, TextWriter w)
    {
        w.Write("<section id=\"incidents\" tabindex=\"0\" aria-labelledby=\"incidents-h\">\n<h2 id=\"incidents-h\">Incident timeline</h2>\n");
        foreach (var (_, note) in m.Notes.Where(n => n.Section == "incidents"))
        {
            w.Write($"<p class=\"note\">{H(note)}</p>\n");
        }

        if (m.Incidents.Count == 0)
        {
            w.Write("<p class=\"note\">No incidents in incidents.jsonl.</p>\n</section>\n");
            return;
        }

        var start = m.Incidents.Min(i => i.OpenedMs);
        var end = Math.Max(m.Totals.LastMs, m.Incidents.Max(i => Math.Max(i.LastMs, i.ResolvedMs)));
        if (m.Totals.FirstMs >= 0)
        {
            start = Math.Min(start, m.Totals.FirstMs);
        }

        var span = Math.Max(1, end - start);
        w.Write("<div class=\"table-wrap\"><table id=\"incident-table\"><caption>Incidents (from incidents.jsonl; open a row's evidence for its signals and alerts)</caption><thead><tr>");
        foreach (var c in new[] { "opened", "duration", "timeline", "cause", "severity", "deployments", "versions", "hosts", "summary", "evidence" })
        {
            w.Write($"<th scope=\"col\">{c}</th>");
        }

        w.Write("</tr></thead><tbody>\n");
        foreach (var i in m.Incidents)
        {
            var until = i.Open ? Math.Max(i.LastMs, end) : i.ResolvedMs;
            var left = Math.Clamp(100.0 * (i.OpenedMs - start) / span, 0, 99);
            var width = Math.Max(0.8, 100.0 * (until - i.OpenedMs) / span);
            w.Write($"<tr data-incident=\"{H(i.Id)}\" data-cause=\"{H(i.Cause)}\" data-opened=\"{i.OpenedMs}\" data-open=\"{(i.Open ? 1 : 0)}\">");
            w.Write($"<td>{H(Format.Time(i.OpenedMs))}</td>");
            w.Write($"<td>{(i.Open ? "open at end" : H(Format.Duration(i.ResolvedMs - i.OpenedMs)))}</td>");
            w.Write($"<td class=\"tl\"><div class=\"bar sev-{H(i.Severity.ToLowerInvariant())}{(i.Open ? " open" : string.Empty)}\" style=\"margin-left:{left:0.##}%;width:{Math.Min(width, 100 - left):0.##}%\"></div></td>");
            w.Write($"<td class=\"cause\">{H(i.Cause)}</td><td>{H(i.Severity)}</td>");
            w.Write($"<td>{string.Join(", ", i.Deployments.Select(d => $"<a href=\"#{H(Anchor(d))}\">{H(d)}</a>"))}</td>");
            w.Write($"<td>{H(string.Join(", ", i.ModelVersions))}</td><td>{H(string.Join(", ", i.Hosts))}</td>");
            w.Write($"<td>{H(i.Summary)}</td><td><a href=\"#inc-{H(i.Id)}\">evidence</a></td></tr>\n");
        }

        w.Write("</tbody></table></div>\n");
        // A run with hundreds of incidents (a fleet) keeps the file to a few MB: fewer alert rows per incident.
        var maxAlerts = m.Incidents.Count > ManyIncidents ? AlertsWhenMany : IncidentInfo.MaxAlertsListed;
        foreach (var i in m.Incidents)
        {
            WriteEvidence(i, maxAlerts, w);
        }

        w.Write("</section>\n");
    }

    private static void WriteEvidence(IncidentInfo i, int maxAlerts, TextWriter w)
    {
        w.Write($"<details class=\"evidence\" id=\"inc-{H(i.Id)}\"><summary>{H(Format.Time(i.OpenedMs))} {H(i.Cause)}: evidence (incident {H(i.Id)}, ");
        w.Write($"{i.Changes} changes, {i.AlertCount} alerts, {i.Notifications} notifications)</summary>\n");
        if (i.Evidence.Count > 0)
        {
            w.Write("<dl class=\"kv\">");
            foreach (var (name, value) in i.Evidence)
            {
                w.Write($"<dt>{H(name)}</dt><dd>{H(value)}</dd>");
            }

            w.Write("</dl>\n");
        }

        if (i.Signals.Count > 0)
        {
            WriteTable(new TableData($"inc-{i.Id}-signals", string.Empty, "Signals",
                ["rule", "metric", "statistic", "peak", "threshold", "source", "scope"], i.Signals), w);
        }

        if (i.Alerts.Count > 0)
        {
            var alerts = i.Alerts.Take(maxAlerts).ToList();
            WriteTable(new TableData($"inc-{i.Id}-alerts", string.Empty, "Alert changes (alerts.jsonl)",
                ["time", "rule", "status", "deployment", "version", "metric", "value", "summary"], alerts,
                i.Alerts.Count > alerts.Count || alerts.Count >= IncidentInfo.MaxAlertsListed
                    ? $"The first {alerts.Count} alert changes are listed; all are in alerts.jsonl (IncidentId {i.Id})." : string.Empty), w);
        }

        w.Write("</details>\n");
    }
}
