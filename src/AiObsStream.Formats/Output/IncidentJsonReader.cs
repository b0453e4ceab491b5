using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;

namespace AiObsStream.Formats.Output;

/// <summary>
/// Reads back an incident state change written by <see cref="IncidentJson.Write"/> (a line of incidents.jsonl, the
/// <c>data</c> of an incident CloudEvent on the alert topic), so a consumer of the topic can drive the same sinks.
/// </summary>
/// <remarks>
/// Round trip: writing what was read gives the same bytes. Absent numbers (non-finite when written) read as NaN, and
/// evidence keeps its object order. Never throws on any input: a missing or mistyped key is an error naming it.
/// </remarks>
public static class IncidentJsonReader
{
    /// <summary>Reads one incident object; false with the reason when a key is missing or has the wrong type.</summary>
    /// <param name="data">The incident object.</param>
    /// <param name="incident">The incident state change, when true.</param>
    /// <param name="error">Why it could not be read, when false.</param>
    public static bool TryRead(JsonElement data, [NotNullWhen(true)] out IncidentEvent? incident, [NotNullWhen(false)] out string? error)
    {
        incident = null;
        try
        {
            incident = Read(data, out error);
            return incident is not null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            error = "incident: " + ex.Message;
            return false;
        }
    }

    private static IncidentEvent? Read(JsonElement data, out string? error)
    {
        error = null;
        if (data.ValueKind != JsonValueKind.Object)
        {
            error = "incident: not a JSON object";
            return null;
        }

        if (!Time(data, "TimeGenerated", out var time, ref error) || !Time(data, "OpenedAt", out var opened, ref error)
            || !Text(data, "IncidentId", out var id, ref error) || !Text(data, "Status", out var statusText, ref error)
            || !Text(data, "Cause", out var causeText, ref error) || !Text(data, "Severity", out var severityText, ref error)
            || !Text(data, "Summary", out var summary, ref error))
        {
            return null;
        }

        if (!Enum.TryParse<IncidentStatus>(statusText, ignoreCase: false, out var status) || !Enum.IsDefined(status))
        {
            error = $"incident: Status '{statusText}' is not Open, Updated or Resolved";
            return null;
        }

        if (!IncidentCauses.TryParse(causeText, out var cause))
        {
            error = $"incident: Cause '{causeText}' is not a known cause";
            return null;
        }

        if (!TrySeverity(severityText, out var severity))
        {
            error = $"incident: Severity '{severityText}' is not None, Warning or Critical";
            return null;
        }

        long? resolved = null;
        if (data.TryGetProperty("ResolvedAt", out var r))
        {
            resolved = r.TryGetDateTimeOffset(out var at) ? at.ToUnixTimeMilliseconds() : throw new FormatException("ResolvedAt is not a time");
        }

        var signals = new List<IncidentSignal>();
        foreach (var s in Array(data, "Signals").EnumerateArray())
        {
            signals.Add(Signal(s));
        }

        var evidence = new List<EvidenceItem>();
        foreach (var e in Object(data, "Evidence").EnumerateObject())
        {
            evidence.Add(new EvidenceItem(e.Name, e.Value.GetDouble()));
        }

        return new IncidentEvent
        {
            IncidentId = id,
            Status = status,
            TimeGeneratedMs = time,
            OpenedAtMs = opened,
            ResolvedAtMs = resolved,
            Cause = cause,
            Severity = severity,
            Deployments = Strings(data, "Deployments"),
            ModelVersions = Strings(data, "ModelVersions"),
            Hosts = Strings(data, "Hosts"),
            Signals = signals,
            Evidence = evidence,
            Summary = summary,
        };
    }

    private static IncidentSignal Signal(JsonElement s)
    {
        var statisticText = s.GetProperty("Statistic").GetString()!;
        var severityText = s.GetProperty("Severity").GetString()!;
        return new IncidentSignal
        {
            Rule = s.GetProperty("Rule").GetString()!,
            Metric = s.GetProperty("Metric").GetString()!,
            Statistic = Enum.TryParse<Statistic>(statisticText, ignoreCase: false, out var st) && Enum.IsDefined(st)
                ? st : throw new FormatException($"signal Statistic '{statisticText}' is unknown"),
            Peak = s.TryGetProperty("Peak", out var peak) ? peak.GetDouble() : double.NaN,
            Threshold = s.TryGetProperty("Threshold", out var threshold) ? threshold.GetDouble() : double.NaN,
            Severity = TrySeverity(severityText, out var sev) ? sev : throw new FormatException($"signal Severity '{severityText}' is unknown"),
            Source = s.GetProperty("Source").GetString()!,
            Sources = Strings(s, "Sources"),
            Deployment = s.GetProperty("Deployment").GetString()!,
            ModelVersion = s.GetProperty("ModelVersion").GetString()!,
            Host = s.GetProperty("Host").GetString()!,
            Alerts = s.GetProperty("Alerts").GetInt32(),
            Firing = s.GetProperty("Firing").GetBoolean(),
        };
    }

    private static bool TrySeverity(string text, out Severity severity) =>
        Enum.TryParse(text, ignoreCase: false, out severity) && Enum.IsDefined(severity);

    private static bool Time(JsonElement data, string name, out long unixMs, ref string? error)
    {
        unixMs = 0;
        if (data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at))
        {
            unixMs = at.ToUnixTimeMilliseconds();
            return true;
        }

        error = $"incident: {name} is missing or not a time";
        return false;
    }

    private static bool Text(JsonElement data, string name, out string text, ref string? error)
    {
        text = string.Empty;
        if (data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString()!;
            return true;
        }

        error = $"incident: {name} is missing or not a string";
        return false;
    }

    private static JsonElement Array(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : throw new FormatException(name + " is missing or not an array");

    private static JsonElement Object(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw new FormatException(name + " is missing or not an object");

    private static string[] Strings(JsonElement data, string name)
    {
        var array = Array(data, name);
        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new FormatException(name + " holds a non-string");
        }

        return result;
    }
}
