using System.Text.Json;

namespace AiObsStream.Cli.Report;

/// <summary>One incident at its last state in incidents.jsonl, with the alerts that belong to it.</summary>
internal sealed class IncidentInfo
{
    /// <summary>Alerts listed per incident; the count covers all of them.</summary>
    public const int MaxAlertsListed = 40;

    public required string Id { get; init; }

    public long OpenedMs { get; set; } = -1;

    /// <summary>-1 while the incident is open at the end of the run.</summary>
    public long ResolvedMs { get; set; } = -1;

    /// <summary>TimeGenerated of its last change (the end of an incident still open).</summary>
    public long LastMs { get; set; } = -1;

    public string Cause { get; set; } = string.Empty;

    public string Severity { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string Summary { get; set; } = string.Empty;

    public IReadOnlyList<string> Deployments { get; set; } = [];

    public IReadOnlyList<string> ModelVersions { get; set; } = [];

    public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>Rule, metric, statistic, peak, threshold, source, scope of each signal (the last state's).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Signals { get; set; } = [];

    public IReadOnlyList<(string Name, string Value)> Evidence { get; set; } = [];

    public int Changes { get; set; }

    public int AlertCount { get; set; }

    public int Notifications { get; set; }

    /// <summary>Time, rule, status, value, summary of its alert changes (at most <see cref="MaxAlertsListed"/>).</summary>
    public List<IReadOnlyList<string>> Alerts { get; } = [];

    public bool Open => ResolvedMs < 0;

    /// <summary>Applies one incidents.jsonl line (later lines win; OpenedAt is kept from the first).</summary>
    public void Apply(JsonElement e)
    {
        Changes++;
        var opened = e.Time("OpenedAt");
        if (OpenedMs < 0 && opened >= 0)
        {
            OpenedMs = opened;
        }

        LastMs = Math.Max(LastMs, e.Time("TimeGenerated"));
        Status = e.Str("Status");
        ResolvedMs = string.Equals(Status, "Resolved", StringComparison.Ordinal) ? Math.Max(e.Time("ResolvedAt"), OpenedMs) : -1;
        Cause = e.Str("Cause") is { Length: > 0 } c ? c : Cause;
        Severity = e.Str("Severity") is { Length: > 0 } s ? s : Severity;
        Summary = e.Str("Summary") is { Length: > 0 } m ? m : Summary;
        Deployments = [.. e.Strings("Deployments")];
        ModelVersions = [.. e.Strings("ModelVersions")];
        Hosts = [.. e.Strings("Hosts")];
        if (e.TryGetProperty(nameof(Signals), out var signals) && signals.ValueKind == JsonValueKind.Array)
        {
            Signals = [.. signals.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => (IReadOnlyList<string>)
            [
                x.Str("Rule"), x.Str("Metric"), x.Str("Statistic"), Format.Number(x.Num("Peak")), Format.Number(x.Num("Threshold")),
                x.Str("Source"), Scope(x.Str("Deployment"), x.Str("ModelVersion"), x.Str("Host")),
            ])];
        }

        if (e.TryGetProperty(nameof(Evidence), out var evidence) && evidence.ValueKind == JsonValueKind.Object)
        {
            Evidence = [.. evidence.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Number
                ? (p.Value.TryGetDouble(out var d) ? Format.Number(d) : p.Value.GetRawText()) : p.Value.ToString()))];
        }
    }

    private static string Scope(params string[] parts) => string.Join(" ", parts.Where(p => p.Length > 0));
}
