using System.Globalization;
using System.Text;
using AiObsStream.Core.Incidents;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary>The incidents block of the summary: one line per incident with its cause, time, scope and evidence.</summary>
internal static partial class ConsoleReport
{
    private const int MaxIncidentLines = 40;
    private const int MaxRawAlertLines = 5;
    private const int MaxRawAlertLinesWithoutIncidents = 40;
    private const int MaxSignalsPerLine = 4;

    /// <summary>
    /// <c>Incidents: N (by cause)</c>, then one line each (latest state, in order of opening):
    /// <c>TIME CAUSE WHERE VERSIONS EVIDENCE[; SIGNALS]</c>.
    /// </summary>
    private static void PrintIncidents(RunSummary summary, string outDir, TextWriter w)
    {
        var incidents = summary.Incidents;
        var total = Math.Max(summary.IncidentsOpened, incidents.Count);
        if (total == 0)
        {
            w.WriteLine("Incidents: none");
            return;
        }

        var byCause = incidents.GroupBy(i => i.Cause)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => $"{g.Count()} {IncidentCauses.Name(g.Key)}");
        w.WriteLine($"Incidents: {total} ({string.Join(", ", byCause)})");
        var shown = incidents.Take(MaxIncidentLines).ToList();
        var format = TimeFormat(ShownTimes(summary)); // one format for incidents and raw alerts: both need the date or neither
        foreach (var i in shown)
        {
            w.WriteLine(IncidentLine(i, format));
        }

        if (total > shown.Count)
        {
            w.WriteLine($"  ... {total - shown.Count} more in {Path.Combine(outDir, "incidents.jsonl")}");
        }
    }

    /// <summary>One incident on one line, e.g. <c>  11:15 capacity  chat-prod  2024-08-06  load 2.6x; latency-p95 3.2 s (&gt;1 s)</c>.</summary>
    internal static string IncidentLine(IncidentEvent i, string timeFormat)
    {
        var where = string.Join(",", i.Deployments.Concat(i.Hosts).Where(s => s.Length > 0));
        var versions = string.Join(",", i.ModelVersions.Where(s => s.Length > 0));
        var line = new StringBuilder(160);
        line.Append(CultureInfo.InvariantCulture, $"  {Time(i.OpenedAtMs, timeFormat)} {IncidentCauses.Name(i.Cause),-18} ");
        line.Append(CultureInfo.InvariantCulture, $"{(where.Length > 0 ? where : "-"),-20} {(versions.Length > 0 ? versions : "-"),-12} ");
        line.Append(Evidence(i));
        if (i.Status != IncidentStatus.Resolved)
        {
            line.Append("  [open]");
        }

        return line.ToString();
    }

    /// <summary>The numbers behind the cause, then the worst value of each signal: <c>load 2.6x, ...; latency-p95 3.2 s (&gt;1 s), ...</c>.</summary>
    internal static string Evidence(IncidentEvent i)
    {
        var evidence = string.Join(", ", i.Evidence.Where(e => double.IsFinite(e.Value)).Select(e => EvidenceText(e.Name, e.Value)));
        var signals = WorstPerRule(i.Signals).ToList();
        var text = string.Join(", ", signals.Take(MaxSignalsPerLine).Select(SignalText));
        if (signals.Count > MaxSignalsPerLine)
        {
            text += $" (+{signals.Count - MaxSignalsPerLine} more)";
        }

        return evidence.Length == 0 ? text : text.Length == 0 ? evidence : evidence + "; " + text;
    }

    /// <summary>One signal per rule (a rule seen on several deployments shows its worst breach), in rule order.</summary>
    private static IEnumerable<IncidentSignal> WorstPerRule(IReadOnlyList<IncidentSignal> signals) =>
        signals.GroupBy(s => s.Rule, StringComparer.Ordinal)
            .Select(g => g.MaxBy(s => Breach(s)) ?? g.First());

    private static double Breach(IncidentSignal s) =>
        double.IsFinite(s.Peak) && double.IsFinite(s.Threshold) ? Math.Abs(s.Peak - s.Threshold) / Math.Max(Math.Abs(s.Threshold), 1e-9) : 0;

    private static string SignalText(IncidentSignal s)
    {
        if (!double.IsFinite(s.Peak))
        {
            return s.Rule;
        }

        // A Share statistic is a fraction of requests whatever the metric (http_429 share 0.44 reads 44 %).
        var metric = s.Statistic == Core.Rules.Statistic.Share ? "_share" : s.Metric;
        var peak = WithUnit(metric, s.Peak);
        return double.IsFinite(s.Threshold)
            ? $"{s.Rule} {peak} ({(s.Peak >= s.Threshold ? ">" : "<")}{WithUnit(metric, s.Threshold)})"
            : $"{s.Rule} {peak}";
    }

    /// <summary>
    /// A snake-case evidence item for a person: the unit suffix becomes the unit (<c>load_ratio</c> 2.61 → <c>load 2.6x</c>,
    /// <c>latency_p95_before_ms</c> 887 → <c>latency p95 before 887 ms</c>, <c>error_share</c> 0.05 → <c>error 5 %</c>).
    /// </summary>
    internal static string EvidenceText(string name, double value)
    {
        static string Words(string n) => n.Replace('_', ' ');
        if (name.EndsWith("_ratio", StringComparison.Ordinal))
        {
            return $"{Words(name[..^6])} {value.ToString("0.0", CultureInfo.InvariantCulture)}x";
        }

        if (name.EndsWith("_share", StringComparison.Ordinal))
        {
            return $"{Words(name[..^6])} {Number(value * 100)} %";
        }

        foreach (var (suffix, unit) in Units)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return $"{Words(name[..^suffix.Length])} {WithUnit(suffix, value, unit)}";
            }
        }

        return $"{Words(name)} {Number(value)}";
    }

    private static readonly (string Suffix, string Unit)[] Units =
        [("_ms", "ms"), ("_pct", "%"), ("_usd", "USD"), ("_w", "W"), ("_c", "°C"), ("_gb", "GB"), ("_s", "s")];

    /// <summary>A value with the unit its metric name implies; milliseconds of a second or more read as seconds.</summary>
    private static string WithUnit(string metric, double value, string? unit = null)
    {
        if (metric.EndsWith("_ms", StringComparison.Ordinal))
        {
            return Math.Abs(value) >= 1000 ? $"{Number(value / 1000)} s" : $"{Number(value)} ms";
        }

        if (metric.EndsWith("_share", StringComparison.Ordinal) || (metric.EndsWith("_rate", StringComparison.Ordinal) && Math.Abs(value) <= 1))
        {
            return $"{Number(value * 100)} %";
        }

        if (metric.EndsWith("_pct", StringComparison.Ordinal))
        {
            return $"{Number(value)} %";
        }

        return unit is null ? Number(value) : $"{Number(value)} {unit}";
    }

    /// <summary>Two or three significant figures, grouping thousands: 3245.3 → 3,245; 2.61 → 2.61; 44.2 → 44.2.</summary>
    private static string Number(double value) => Math.Abs(value) switch
    {
        >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>The times the summary shows: the listed incidents' and the listed raw alerts' (those no incident covers).</summary>
    private static IEnumerable<long> ShownTimes(RunSummary summary)
    {
        var max = summary.Incidents.Count > 0 ? MaxRawAlertLines : MaxRawAlertLinesWithoutIncidents;
        return summary.Incidents.Take(MaxIncidentLines).Select(i => i.OpenedAtMs)
            .Concat(summary.FiringAlerts.Where(a => a.IncidentId.Length == 0).Take(max).Select(a => a.StartsAtMs));
    }

    /// <summary>Times alone read well for one day of data; events days apart (inputs far apart in time) also need the date.</summary>
    private static string TimeFormat(IEnumerable<long> unixMs) =>
        unixMs.Select(ms => ms / 86_400_000).Distinct().Take(2).Count() > 1 ? "yyyy-MM-dd HH:mm" : "HH:mm";

    private static string Time(long unixMs, string format) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}
