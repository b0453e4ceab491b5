namespace AiObsStream.Cli.Report;

/// <summary>
/// The one-paragraph summary at the top of the report, as text pieces: each number is a piece with a key, so the page
/// marks it (<c>data-n</c>) and the browser test can check it against the output files.
/// </summary>
internal static class ReportSummary
{
    /// <summary>Incidents named in the paragraph; the timeline below lists all of them.</summary>
    public const int MaxNamedIncidents = 5;

    /// <summary>A piece of the paragraph: plain text (Key empty) or a number / name with its key.</summary>
    internal readonly record struct Piece(string Text, string Key = "");

    public static IReadOnlyList<Piece> Build(ReportModel m)
    {
        var t = m.Totals;
        var p = new List<Piece>();
        if (t.MetricRows == 0 && m.Incidents.Count == 0)
        {
            p.Add(new("The output folder holds no metric rows and no incidents: there is nothing to report for this run."));
            return p;
        }

        if (t.FirstMs >= 0)
        {
            p.Add(new("From "));
            p.Add(new(Format.Time(t.FirstMs), "first"));
            p.Add(new(" to "));
            p.Add(new(Format.Time(t.LastMs), "last"));
            p.Add(new(", AiObsStream read "));
        }
        else
        {
            p.Add(new("AiObsStream read "));
        }

        p.Add(new(Format.Count(t.Records), "records"));
        p.Add(new(" records from "));
        p.Add(new(Format.Count(t.Inputs), "inputs"));
        p.Add(new(Plural(t.Inputs, " input (", " inputs (")));
        p.Add(new(Format.Count(t.Rejected), "rejected"));
        p.Add(new(" rejected, "));
        p.Add(new(Format.Count(t.DeadLetters), "deadletters"));
        p.Add(new(" dead letters) for "));
        p.Add(new(Format.Count(t.Deployments.Count), "deployments"));
        p.Add(new(Plural(t.Deployments.Count, " deployment", " deployments")));
        if (t.Deployments.Count > 0)
        {
            p.Add(new(" ("));
            p.Add(new(string.Join(", ", t.Deployments.Take(8)) + (t.Deployments.Count > 8 ? ", ..." : string.Empty), "deployment-names"));
            p.Add(new(")"));
        }

        p.Add(new(" and "));
        p.Add(new(Format.Count(t.Gpus), "gpus"));
        p.Add(new(Plural(t.Gpus, " GPU. ", " GPUs. ")));

        p.Add(new("It opened "));
        p.Add(new(Format.Count(m.Incidents.Count), "incidents"));
        p.Add(new(Plural(m.Incidents.Count, " incident", " incidents")));
        if (m.Incidents.Count > 0)
        {
            p.Add(new(" ("));
            var causes = m.Incidents.GroupBy(i => i.Cause, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < causes.Count; i++)
            {
                p.Add(new(i == 0 ? string.Empty : ", "));
                p.Add(new(Format.Count(causes[i].Count()), "cause-" + causes[i].Key));
                p.Add(new(" " + causes[i].Key));
            }

            p.Add(new("), "));
            p.Add(new(Format.Count(m.Incidents.Count(i => i.Open)), "open"));
            p.Add(new(" still open at the end: "));
            var named = m.Incidents.Take(MaxNamedIncidents).ToList();
            var severalDays = !string.Equals(Format.Day(t.FirstMs), Format.Day(t.LastMs), StringComparison.Ordinal)
                || named.Select(i => Format.Day(i.OpenedMs)).Distinct(StringComparer.Ordinal).Count() > 1;
            for (var i = 0; i < named.Count; i++)
            {
                var inc = named[i];
                p.Add(new(i == 0 ? string.Empty : "; "));
                p.Add(new(Format.Clock(inc.OpenedMs, severalDays)));
                p.Add(new(" " + inc.Cause + (inc.Deployments.Count > 0 ? " on " + string.Join(", ", inc.Deployments) : string.Empty)));
                if (inc.Summary.Length > 0)
                {
                    p.Add(new(" (" + inc.Summary.TrimEnd('.') + ")"));
                }
            }

            p.Add(new(m.Incidents.Count > named.Count ? $"; and {m.Incidents.Count - named.Count} more. " : ". "));
        }
        else
        {
            p.Add(new(". "));
        }

        p.Add(new(Format.Count(t.AlertsRaised), "alerts"));
        p.Add(new(" alerts fired and "));
        p.Add(new(Format.Count(t.Notifications), "notifications"));
        p.Add(new(" notifications were sent."));
        if (double.IsFinite(t.SpendUsd))
        {
            p.Add(new(" Spend: $"));
            p.Add(new(Format.Usd(t.SpendUsd), "spend"));
            p.Add(new("."));
        }

        return p;
    }

    private static string Plural(long n, string one, string many) => n == 1 ? one : many;
}
