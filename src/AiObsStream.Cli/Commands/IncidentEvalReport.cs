using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Cli.Commands;

/// <summary>The table and JSON of <c>aiobs eval incidents</c>.</summary>
internal static class IncidentEvalReport
{
    /// <summary>Writes one row per cause with truth or predictions, the overall row and false incidents per healthy hour.</summary>
    public static void WriteTable(TextWriter output, IncidentScoreSummary summary)
    {
        output.WriteLine($"{"cause",-19} {"truth",5} {"detected",8} {"recall",6} {"predicted",9} {"precision",9} {"median delay",12} {"notif/incident",14}");
        foreach (var row in summary.Causes)
        {
            if (row.Truth > 0 || row.Predicted > 0)
            {
                WriteRow(output, row);
            }
        }

        WriteRow(output, summary.Overall);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"false incidents: {summary.FalseIncidents} in {summary.HealthyHours:0.00} healthy hours = {Number(summary.FalsePerHealthyHour, "0.00")} per healthy hour ({summary.Scenarios} runs)"));
    }

    /// <summary>
    /// Writes one line per corpus (simulator, rollouts, traces): runs, real incidents detected, recall, false incidents
    /// and healthy hours, so that a good figure on one corpus cannot hide a bad one on another.
    /// </summary>
    public static void WriteGroups(TextWriter output, IReadOnlyList<(string Source, IncidentScoreSummary Summary)> groups)
    {
        // The median delay per corpus: the forecast corpus's is negative, its lead time (predicted ahead of the problem).
        output.WriteLine($"{"corpus",-19} {"runs",5} {"truth",5} {"detected",8} {"recall",6} {"false",5} {"healthy h",9} {"false/healthy h",15} {"median delay",12}");
        foreach (var (source, s) in groups)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{source,-19} {s.Scenarios,5} {s.Overall.Truth,5} {s.Overall.Detected,8} {Number(s.Overall.Recall, "0.00"),6} {s.FalseIncidents,5} {s.HealthyHours,9:0.00} {Number(s.FalsePerHealthyHour, "0.00"),15} {(double.IsNaN(s.Overall.MedianDelayMs) ? "-" : (s.Overall.MedianDelayMs / 60_000).ToString("0.0", CultureInfo.InvariantCulture) + " min"),12}"));
        }
    }

    /// <summary>Writes the results as JSON (NaN as null).</summary>
    public static void WriteJson(Stream stream, string corpus, IReadOnlyList<IncidentCaseResult> results, IncidentScoreSummary summary,
        IReadOnlyList<(string Source, IncidentScoreSummary Summary)> groups)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("corpus", corpus);
        w.WriteStartObject("rules");
        w.WriteNumber("earlyToleranceMinutes", IncidentMatchRules.EarlyTolerance.TotalMinutes);
        w.WriteNumber("lateToleranceMinutes", IncidentMatchRules.LateTolerance.TotalMinutes);
        w.WriteNumber("healthyMarginMinutes", IncidentMatchRules.HealthyMargin.TotalMinutes);
        w.WriteEndObject();
        w.WriteStartArray("causes");
        foreach (var row in summary.Causes)
        {
            WriteRowJson(w, row);
        }

        w.WriteEndArray();
        w.WritePropertyName("overall");
        WriteRowJson(w, summary.Overall);
        w.WriteNumber("scenarios", summary.Scenarios);
        w.WriteNumber("falseIncidents", summary.FalseIncidents);
        w.WriteNumber("healthyHours", Math.Round(summary.HealthyHours, 4));
        WriteNumberOrNull(w, "falsePerHealthyHour", summary.FalsePerHealthyHour);
        w.WriteStartArray("corpora");
        foreach (var (source, s) in groups)
        {
            w.WriteStartObject();
            w.WriteString("corpus", source);
            w.WriteNumber("runs", s.Scenarios);
            w.WriteNumber("truth", s.Overall.Truth);
            w.WriteNumber("detected", s.Overall.Detected);
            WriteNumberOrNull(w, "recall", s.Overall.Recall);
            w.WriteNumber("falseIncidents", s.FalseIncidents);
            w.WriteNumber("healthyHours", Math.Round(s.HealthyHours, 4));
            WriteNumberOrNull(w, "falsePerHealthyHour", s.FalsePerHealthyHour);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("runs");
        foreach (var r in results)
        {
            WriteRunJson(w, r);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRow(TextWriter output, CauseScore row) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{row.Name,-19} {row.Truth,5} {row.Detected,8} {Number(row.Recall, "0.00"),6} {row.Predicted,9} {Number(row.Precision, "0.00"),9} {(double.IsNaN(row.MedianDelayMs) ? "-" : (row.MedianDelayMs / 60_000).ToString("0.0", CultureInfo.InvariantCulture) + " min"),12} {Number(row.NotificationsPerIncident, "0.0"),14}"));

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static void WriteRowJson(Utf8JsonWriter w, CauseScore row)
    {
        w.WriteStartObject();
        w.WriteString("cause", row.Name);
        w.WriteNumber("truth", row.Truth);
        w.WriteNumber("detected", row.Detected);
        WriteNumberOrNull(w, "recall", row.Recall);
        w.WriteNumber("predicted", row.Predicted);
        w.WriteNumber("matchedPredicted", row.MatchedPredicted);
        WriteNumberOrNull(w, "precision", row.Precision);
        WriteNumberOrNull(w, "medianDelayMs", row.MedianDelayMs);
        w.WriteNumber("firingNotifications", row.FiringNotifications);
        WriteNumberOrNull(w, "notificationsPerIncident", row.NotificationsPerIncident);
        w.WriteEndObject();
    }

    private static void WriteRunJson(Utf8JsonWriter w, IncidentCaseResult r)
    {
        w.WriteStartObject();
        w.WriteString("name", r.Name);
        w.WriteString("group", r.Group);
        w.WriteString("corpus", r.Source);
        w.WriteNumber("runMinutes", r.Score.RunMs / 60_000.0);
        w.WriteNumber("healthyMinutes", r.Score.HealthyMs / 60_000.0);
        w.WriteNumber("rejectedLines", r.Log.RejectedLines);
        w.WriteStartArray("truth");
        foreach (var t in r.Score.Truths)
        {
            w.WriteStartObject();
            w.WriteString("label", t.Truth.Label);
            w.WriteString("cause", IncidentCauses.Name(t.Truth.Cause));
            w.WriteNumber("startUnixMs", t.Truth.StartMs);
            w.WriteNumber("endUnixMs", t.Truth.EndMs);
            w.WriteBoolean("detected", t.Detected);
            if (t.DelayMs is { } d)
            {
                w.WriteNumber("delayMs", d);
            }
            else
            {
                w.WriteNull("delayMs");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("predicted");
        foreach (var p in r.Score.Predictions)
        {
            w.WriteStartObject();
            w.WriteString("incidentId", p.Predicted.IncidentId);
            w.WriteString("cause", IncidentCauses.Name(p.Predicted.Cause));
            w.WriteNumber("openedAtUnixMs", p.Predicted.OpenedAtMs);
            w.WriteNumber("reportedAtUnixMs", p.Predicted.ReportedAtMs);
            w.WriteBoolean("matched", p.Matched);
            w.WriteBoolean("false", p.False);
            w.WriteNumber("firingNotifications", p.Predicted.FiringNotifications);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
