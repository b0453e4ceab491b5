using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Output;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary>The end-of-run summary: records per source, rejects by reason, alerts raised.</summary>
internal static class ConsoleReport
{
    public static void Print(RunSummary summary, string outDir, TextWriter w)
    {
        var rate = summary.Events / Math.Max(0.001, summary.Elapsed.TotalSeconds);
        w.WriteLine($"Processed {summary.Events:N0} records in {summary.Elapsed.TotalSeconds:0.00} s ({rate:N0} records/s).");
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
        w.WriteLine();
        w.WriteLine($"Alerts: {summary.AlertsFiring} raised, {summary.AlertEvents} state changes, {summary.Notifications} notifications");
        // Times alone read well for one day of data; alerts days apart (inputs far apart in time) also need the date.
        var days = summary.FiringAlerts.Take(40).Select(a => a.StartsAtMs / 86_400_000).Distinct().Count();
        var format = days > 1 ? "yyyy-MM-dd HH:mm" : "HH:mm";
        foreach (var a in summary.FiringAlerts.Take(40))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(a.StartsAtMs).UtcDateTime.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            w.WriteLine($"  {at} {Sev(a.Severity),-8} {a.Summary}");
        }

        if (summary.FiringAlerts.Count > 40)
        {
            w.WriteLine($"  ... {summary.FiringAlerts.Count - 40} more in {Path.Combine(outDir, "alerts.jsonl")}");
        }

        w.WriteLine();
        w.WriteLine($"Wrote {summary.RowsWritten:N0} metric rows, {summary.AlertEvents:N0} alert events, {summary.Notifications:N0} notifications, {summary.DeadLetters:N0} dead letters to {outDir}/");
    }

    private static string Sev(Severity s) => s switch
    {
        Severity.Critical => "CRITICAL",
        Severity.Warning => "warning",
        _ => string.Empty,
    };
}
