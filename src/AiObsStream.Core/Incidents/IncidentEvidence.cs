using System.Globalization;
using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Incidents;

/// <summary>The evidence (numbers behind the cause, in a fixed order per cause) and the one-sentence summary of an incident.</summary>
internal static class IncidentEvidence
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Evidence names per cause, in the order they are shown.</summary>
    private static string[] Order(IncidentCause cause) => cause switch
    {
        IncidentCause.Capacity => ["requests_per_min", "baseline_requests_per_min", "load_ratio", "http_429_share", "forecast_peak", "forecast_lead_time_min"],
        IncidentCause.VersionRegression => ["effect", "confidence", "min_effect", "latency_p95_before_ms", "latency_p95_after_ms", "load_ratio"],
        IncidentCause.GpuMemory => ["fb_used_pct_peak"],
        IncidentCause.GpuHardware => ["gpu_temp_c_peak", "ecc_dbe_peak", "xid_peak"],
        IncidentCause.GpuUnderutilized => ["gpu_util_mean", "requests_per_min"],
        IncidentCause.Unexplained => ["value", "expected", "lower_bound", "upper_bound"],
        _ => ["value", "threshold"],
    };

    /// <summary>Shown after the cause's own numbers on an incident that absorbed a version-regression alert it explains.</summary>
    private static readonly string[] Confounded = [IncidentCorrelator.ConfoundedNumber, IncidentCorrelator.ConfoundedEffectNumber];

    public static IReadOnlyList<EvidenceItem> For(Incident incident, IReadOnlyList<IncidentSignal> signals)
    {
        var numbers = new Dictionary<string, double>(incident.Numbers, StringComparer.Ordinal);
        foreach (var s in signals)
        {
            switch (s.Metric)
            {
                case MetricNames.FbUsedPct: Max(numbers, "fb_used_pct_peak", s.Peak); break;
                case MetricNames.GpuTempC: Max(numbers, "gpu_temp_c_peak", s.Peak); break;
                case MetricNames.EccDbe: Max(numbers, "ecc_dbe_peak", s.Peak); break;
                case MetricNames.Xid or MetricNames.XidCritical: Max(numbers, "xid_peak", s.Peak); break;
                case MetricNames.GpuUtil when !numbers.TryGetValue("gpu_util_mean", out var u) || s.Peak < u:
                    numbers["gpu_util_mean"] = s.Peak;
                    break;
                default: break;
            }
        }

        if (Top(signals) is { } top)
        {
            numbers.TryAdd("value", top.Peak);
            numbers.TryAdd("threshold", top.Threshold);
        }

        var items = new List<EvidenceItem>();
        foreach (var name in Order(incident.Cause).Concat(Confounded))
        {
            if (numbers.TryGetValue(name, out var v) && double.IsFinite(v))
            {
                items.Add(new EvidenceItem(name, Math.Round(v, 4)));
            }
        }

        return items;
    }

    /// <summary>One sentence for a phone, e.g. "Capacity: chat-prod load 2.6× baseline at 11:15 → latency p95 3.2 s, 429 share 44 % (3 sources)".</summary>
    public static string Summary(Incident incident, IReadOnlyList<IncidentSignal> signals, IReadOnlyList<EvidenceItem> evidence)
    {
        var e = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in evidence)
        {
            e[item.Name] = item.Value;
        }

        var text = new StringBuilder();
        text.Append(Title(incident.Cause)).Append(": ").Append(Where(incident));
        var phrase = incident.Cause switch
        {
            IncidentCause.Capacity when e.TryGetValue("load_ratio", out var r) => string.Create(Inv, $" load {r:0.0}× baseline"),
            IncidentCause.Capacity when e.TryGetValue("forecast_lead_time_min", out var lead)
                => string.Create(Inv, $" GPU utilization forecast to saturate in {lead:0} min"),
            IncidentCause.VersionRegression when e.TryGetValue("latency_p95_before_ms", out var b) && e.TryGetValue("latency_p95_after_ms", out var a)
                => $" version {Last(incident.Versions)} latency p95 {Ms(b)} → {Ms(a)}",
            IncidentCause.VersionRegression when e.TryGetValue("effect", out var x) => string.Create(Inv, $" version {Last(incident.Versions)} worse by {x * 100:0} %"),
            IncidentCause.VersionRegression => $" version {Last(incident.Versions)}",
            IncidentCause.GpuMemory when e.TryGetValue("fb_used_pct_peak", out var m) => string.Create(Inv, $" GPU memory {m:0.#} %"),
            IncidentCause.GpuUnderutilized when e.TryGetValue("gpu_util_mean", out var u) => string.Create(Inv, $" GPU util {u:0.#} %"),
            IncidentCause.Unexplained when e.TryGetValue("value", out var v) && e.TryGetValue("expected", out var x)
                => string.Create(Inv, $" {Top(signals)?.Metric} {v:0.###} vs expected {x:0.###}"),
            _ => string.Empty,
        };
        text.Append(phrase);
        text.Append(" at ").Append(DateTimeOffset.FromUnixTimeMilliseconds(incident.OpenedAtMs == long.MaxValue ? incident.OpenWindowMs : incident.OpenedAtMs)
            .ToString("HH:mm", Inv));
        var shown = new List<string>();
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in signals)
        {
            sources.UnionWith(s.Sources);
        }

        foreach (var s in Ranked(signals))
        {
            var label = Label(s.Rule);
            if (shown.Count < 3 && !shown.Exists(x => x.StartsWith(label + " ", StringComparison.Ordinal)))
            {
                shown.Add(s.Rule == Versions.RegressionOptions.RuleName
                    ? string.Create(Inv, $"effect +{s.Peak * 100:0} %") // the verdict's value is its relative effect
                    : label + " " + Value(s.Metric, s.Statistic, s.Peak));
            }
        }

        if (shown.Count > 0)
        {
            text.Append(" → ").Append(string.Join(", ", shown));
        }

        text.Append(string.Create(Inv, $" ({sources.Count} source{(sources.Count == 1 ? string.Empty : "s")})"));
        if (incident.ConfoundedVersion.Length > 0)
        {
            text.Append("; version ").Append(incident.ConfoundedVersion).Append(" also worse, but the problem began before its release");
        }

        return text.ToString();
    }

    /// <summary>The signal that speaks for the incident: highest severity, then most sources, then rule order.</summary>
    private static IncidentSignal? Top(IReadOnlyList<IncidentSignal> signals)
    {
        IncidentSignal? top = null;
        foreach (var s in Ranked(signals))
        {
            top ??= s;
        }

        return top;
    }

    private static List<IncidentSignal> Ranked(IReadOnlyList<IncidentSignal> signals)
    {
        var ranked = new List<IncidentSignal>(signals);
        ranked.Sort(static (a, b) =>
        {
            var c = b.Severity.CompareTo(a.Severity);
            c = c != 0 ? c : IsAnomaly(a.Rule).CompareTo(IsAnomaly(b.Rule)); // threshold rules first: their numbers read plainly
            c = c != 0 ? c : b.Sources.Count.CompareTo(a.Sources.Count);
            return c != 0 ? c : string.CompareOrdinal(a.Rule, b.Rule);
        });
        return ranked;
    }

    private static bool IsAnomaly(string rule) => rule.StartsWith("anomaly:", StringComparison.Ordinal);

    private static void Max(Dictionary<string, double> numbers, string name, double value)
    {
        if (double.IsFinite(value) && (!numbers.TryGetValue(name, out var old) || value > old))
        {
            numbers[name] = value;
        }
    }

    private static string Title(IncidentCause cause) => cause switch
    {
        IncidentCause.Capacity => "Capacity",
        IncidentCause.VersionRegression => "Version regression",
        IncidentCause.GpuMemory => "GPU memory",
        IncidentCause.GpuHardware => "GPU hardware",
        IncidentCause.GpuUnderutilized => "GPU underutilized",
        IncidentCause.QualityDrift => "Quality drift",
        IncidentCause.Spend => "Spend",
        IncidentCause.Ingestion => "Ingestion",
        IncidentCause.Security => "Security",
        IncidentCause.Network => "Network",
        _ => "Unexplained",
    };

    private static string Where(Incident incident)
    {
        var names = incident.Deployments.Count > 0 ? incident.Deployments : incident.Hosts;
        if (names.Count == 0)
        {
            return "all inputs";
        }

        var first = names.Take(2).ToList();
        return string.Join(", ", first) + (names.Count > 2 ? string.Create(Inv, $" +{names.Count - 2}") : string.Empty);
    }

    private static string Last(SortedSet<string> versions) => versions.Count > 0 ? versions.Max! : "?";

    private static string Label(string rule) => rule switch
    {
        "latency-p95" => "latency p95",
        "ttft-p95" => "TTFT p95",
        "http-429-share" => "429 share",
        _ when IsAnomaly(rule) => rule["anomaly:".Length..] + " anomaly",
        _ => rule,
    };

    private static string Value(string metric, Rules.Statistic statistic, double v) =>
        !double.IsFinite(v) ? "n/a"
        : statistic == Rules.Statistic.Share ? string.Create(Inv, $"{v * 100:0.#} %")
        : metric.EndsWith("_ms", StringComparison.Ordinal) ? Ms(v)
        : metric.EndsWith("_pct", StringComparison.Ordinal) || metric == MetricNames.GpuUtil ? string.Create(Inv, $"{v:0.#} %")
        : v.ToString("0.###", Inv);

    private static string Ms(double v) => v >= 1000 ? string.Create(Inv, $"{v / 1000:0.0} s") : string.Create(Inv, $"{v:0} ms");
}
