using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Output;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary>The end-of-run summary: incidents first, then raw alert counts, records per source and rejects by reason.</summary>
internal static partial class ConsoleReport
{
    public static void Print(RunSummary summary, string outDir, TextWriter w)
    {
        var rate = summary.Events / Math.Max(0.001, summary.Elapsed.TotalSeconds);
        w.WriteLine($"Processed {summary.Events:N0} records in {summary.Elapsed.TotalSeconds:0.00} s ({rate:N0} records/s).");
        w.WriteLine();

        // What a person acts on first: the incidents (one per real problem), then the raw alerts behind them.
        PrintIncidents(summary, outDir, w);
        PrintRawAlerts(summary, outDir, w);
        w.WriteLine();
        w.WriteLine("Inputs:");
        foreach (var i in summary.Inputs)
        {
            var rejects = string.Join(", ", Enum.GetValues<RejectReason>()
                .Where(r => i.RejectedByReason[(int)r] > 0)
                .Select(r => $"{i.RejectedByReason[(int)r]} {DeadLetterJson.ReasonName(r)}"));
            w.WriteLine($"  {Path.GetFileName(i.Name),-36} {i.Source?.ToString() ?? "-",-12} {i.Events,9:N0} records"
                + (rejects.Length > 0 ? $"  rejected: {rejects}" : string.Empty)
                + (i.SkippedByTable.Any(n => n > 0) ? $"  skipped (nothing used): {SkippedTables.Describe(i.SkippedByTable)}" : string.Empty)
                + (i.Lag >= 0 ? $"  lag {i.Lag:N0}" : string.Empty)
                + (i.Failure is not null ? $"  FAILED: {i.Failure}" : string.Empty));
        }

        foreach (var i in summary.Inputs.Where(i => i.Failure is not null))
        {
            var lost = i.UnitsNotRead >= 0 ? $"{i.UnitsNotRead:N0} units not read" : "an unknown number of units not read";
            w.WriteLine($"  LOST: {i.Name}: stopped at unit {i.FailedAt:N0} ({lost}; {i.Units:N0} read before it)");
        }

        w.WriteLine($"  duplicates counted once: {summary.Duplicates:N0}; aggregated: {summary.Aggregated:N0}; dead letters: {summary.DeadLetters:N0}");
        if (summary.MonitorEventsBehind > 0 || summary.MonitorEventsLate > 0)
        {
            w.WriteLine($"  event monitors: {summary.MonitorEventsBehind:N0} events later than the allowed disorder (used out of order), {summary.MonitorEventsLate:N0} for windows already closed (not used)");
        }
        w.WriteLine();
        w.WriteLine();
        w.WriteLine($"Wrote {summary.RowsWritten:N0} metric rows, {summary.IncidentEvents:N0} incident changes, {summary.AlertEvents:N0} alert events, {summary.Notifications:N0} notifications, {summary.DeadLetters:N0} dead letters to {outDir}/");
    }

    /// <summary>Raw alert counts, then at most a few raw alerts no incident covers (all of them are in alerts.jsonl).</summary>
    private static void PrintRawAlerts(RunSummary summary, string outDir, TextWriter w)
    {
        w.WriteLine($"Raw alerts: {summary.AlertsFiring} raised, {summary.AlertEvents} state changes, {summary.Notifications} notifications");
        // Incidents cover the alerts they gather: list only a few that none covers. Without any incident (no
        // correlation ran) the raw alerts are all there is to read, so list as many as before.
        var max = summary.Incidents.Count > 0 ? MaxRawAlertLines : MaxRawAlertLinesWithoutIncidents;
        var loose = summary.FiringAlerts.Where(a => a.IncidentId.Length == 0).ToList();
        var format = TimeFormat(ShownTimes(summary));
        foreach (var a in loose.Take(max))
        {
            w.WriteLine($"  {Time(a.StartsAtMs, format)} {Sev(a.Severity),-8} {a.Summary}");
        }

        var alerts = Path.Combine(outDir, "alerts.jsonl");
        if (summary.AlertsFiring > 0)
        {
            w.WriteLine(loose.Count > max
                ? $"  ... {loose.Count - max} more; every alert, with its IncidentId, in {alerts}"
                : $"  every alert, with its IncidentId, in {alerts}");
        }
    }

    private static string Sev(Severity s) => s switch
    {
        Severity.Critical => "CRITICAL",
        Severity.Warning => "warning",
        _ => string.Empty,
    };
}
