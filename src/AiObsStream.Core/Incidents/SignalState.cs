using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <summary>One rule on one deployment (or host) inside an incident, folded over every source that saw the same calls.</summary>
internal sealed class SignalState(string rule, string metric, Statistic statistic, string deployment, string host, bool up)
{
    public string Rule { get; } = rule;

    public string Metric { get; } = metric;

    public Statistic Statistic { get; } = statistic;

    public string Deployment { get; } = deployment;

    public string Host { get; } = host;

    /// <summary>True when higher is worse (the peak is the maximum), false for breaches downwards.</summary>
    public bool Up { get; } = up;

    /// <summary>Per source: its worst value (sources in ordinal order).</summary>
    public SortedDictionary<string, SourcePeak> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw alerts gathered: counted as they start firing (a bounded count, not a growing set of ids).</summary>
    public int AlertCount { get; set; }

    /// <summary>Raw alerts still firing.</summary>
    public SortedSet<string> Firing { get; } = new(StringComparer.Ordinal);

    /// <summary>Earliest StartsAt of its alerts (<see cref="long.MaxValue"/> until one fired).</summary>
    public long StartedAtMs { get; set; } = long.MaxValue;

    /// <summary>When its last firing alert stopped (EndsAt, else the resolve's time); <see cref="long.MaxValue"/> while one fires.</summary>
    public long EndedAtMs { get; set; } = long.MaxValue;

    /// <summary>
    /// True when the signal was firing at <paramref name="timeMs"/>: it started at or before it and had not ended by it.
    /// A signal that flapped is taken as firing from its first start to its last end (its history is not kept).
    /// </summary>
    public bool FiringAt(long timeMs) => StartedAtMs <= timeMs && (Firing.Count > 0 || EndedAtMs > timeMs);

    /// <summary>
    /// Folds an alert event in; true when what the incident announces changed (a new source, a higher severity), not
    /// for a worse peak alone.
    /// </summary>
    public bool Observe(AlertEvent alert)
    {
        if (alert.Status != AlertStatus.Firing)
        {
            if (Firing.Remove(alert.AlertId) && Firing.Count == 0)
            {
                EndedAtMs = alert.EndsAtMs ?? alert.TimeGeneratedMs;
            }

            return false;
        }

        StartedAtMs = Math.Min(StartedAtMs, alert.StartsAtMs);
        EndedAtMs = long.MaxValue;
        AlertCount += Firing.Add(alert.AlertId) ? 1 : 0; // an escalation re-sends Firing under the same id: counted once
        var threshold = IsAnomaly(Rule) ? (Up ? alert.UpperBound : alert.LowerBound) : alert.Threshold;
        if (!Sources.TryGetValue(alert.Source, out var peak))
        {
            Sources[alert.Source] = new SourcePeak(alert.Value, threshold, alert.Severity, alert.ModelVersion);
            return true;
        }

        var worse = Up ? alert.Value > peak.Peak : alert.Value < peak.Peak;
        var severity = alert.Severity > peak.Severity ? alert.Severity : peak.Severity;
        if (worse)
        {
            Sources[alert.Source] = new SourcePeak(alert.Value, threshold, severity, alert.ModelVersion);
        }
        else if (severity != peak.Severity)
        {
            Sources[alert.Source] = peak with { Severity = severity };
        }

        return severity != peak.Severity;
    }

    /// <summary>The trusted source among those that saw the signal.</summary>
    public string TrustedSource()
    {
        string? best = null;
        foreach (var source in Sources.Keys)
        {
            if (best is null || SourceTrust.Prefer(Metric, source, best))
            {
                best = source;
            }
        }

        return best ?? string.Empty;
    }

    /// <summary>Highest severity over the sources.</summary>
    public Severity Severity
    {
        get
        {
            var s = Severity.None;
            foreach (var p in Sources.Values)
            {
                s = p.Severity > s ? p.Severity : s;
            }

            return s;
        }
    }

    /// <summary>The signal as incidents.jsonl shows it.</summary>
    public IncidentSignal ToSignal()
    {
        var source = TrustedSource();
        var peak = Sources.TryGetValue(source, out var p) ? p : new SourcePeak(double.NaN, double.NaN, Severity.None, string.Empty);
        return new IncidentSignal
        {
            Rule = Rule,
            Metric = Metric,
            Statistic = Statistic,
            Peak = peak.Peak,
            Threshold = peak.Threshold,
            Severity = Severity,
            Source = source,
            Sources = [.. Sources.Keys.Where(static k => k.Length > 0)], // engine-wide verdicts (regression) have no source
            Deployment = Deployment,
            ModelVersion = peak.ModelVersion,
            Host = Host,
            Alerts = AlertCount,
            Firing = Firing.Count > 0,
        };
    }

    /// <summary>The key of a signal inside an incident: rule, deployment, host.</summary>
    public static string KeyOf(string rule, string deployment, string host) => string.Join('|', rule, deployment, host);

    public static bool IsAnomaly(string rule) => rule.StartsWith("anomaly:", StringComparison.Ordinal);
}
