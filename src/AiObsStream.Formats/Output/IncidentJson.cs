using System.Text.Json;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Formats.Output;

/// <summary>
/// Serializes incident state changes: a line of incidents.jsonl, the <c>data</c> of an incident CloudEvent on the alert
/// topic and a row of the Log Analytics custom table AiObsIncidents_CL (the same keys everywhere).
/// </summary>
/// <remarks>
/// Key order is fixed (readers and tests rely on it). <c>ResolvedAt</c> is written on Resolved changes only; non-finite
/// numbers are left out, as in the other writers (an absent column, never an invalid JSON token). <c>Evidence</c> is an
/// object in the incident's order so that KQL reads <c>Evidence.load_ratio</c> directly.
/// </remarks>
public static class IncidentJson
{
    /// <summary>Writes one incident state change as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, IncidentEvent incident)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(incident);
        writer.WriteStartObject();
        JsonFields.WriteTime(writer, "TimeGenerated", incident.TimeGeneratedMs);
        writer.WriteString("IncidentId", incident.IncidentId);
        writer.WriteString("Status", incident.Status.ToString());
        JsonFields.WriteTime(writer, "OpenedAt", incident.OpenedAtMs);
        if (incident.Status == IncidentStatus.Resolved)
        {
            // A Resolved change always says when: the correlator's end, else the change itself.
            JsonFields.WriteTime(writer, "ResolvedAt", incident.ResolvedAtMs ?? incident.TimeGeneratedMs);
        }

        writer.WriteString("Cause", IncidentCauses.Name(incident.Cause));
        writer.WriteString("Severity", incident.Severity.ToString());
        WriteStrings(writer, "Deployments", incident.Deployments);
        WriteStrings(writer, "ModelVersions", incident.ModelVersions);
        WriteStrings(writer, "Hosts", incident.Hosts);
        writer.WriteStartArray("Signals");
        foreach (var signal in incident.Signals)
        {
            WriteSignal(writer, signal);
        }

        writer.WriteEndArray();
        WriteEvidence(writer, "Evidence", incident.Evidence);
        writer.WriteString("Summary", incident.Summary);
        writer.WriteEndObject();
    }

    /// <summary>Writes one signal as a JSON object (also used in the webhook's alertContext).</summary>
    public static void WriteSignal(Utf8JsonWriter writer, IncidentSignal signal)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(signal);
        writer.WriteStartObject();
        writer.WriteString("Rule", signal.Rule);
        writer.WriteString("Metric", signal.Metric);
        writer.WriteString("Statistic", signal.Statistic.ToString());
        JsonFields.WriteNumber(writer, "Peak", signal.Peak);
        JsonFields.WriteNumber(writer, "Threshold", signal.Threshold);
        writer.WriteString("Severity", signal.Severity.ToString());
        writer.WriteString("Source", signal.Source);
        WriteStrings(writer, "Sources", signal.Sources);
        writer.WriteString("Deployment", signal.Deployment);
        writer.WriteString("ModelVersion", signal.ModelVersion);
        writer.WriteString("Host", signal.Host);
        writer.WriteNumber("Alerts", signal.Alerts);
        writer.WriteBoolean("Firing", signal.Firing);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the evidence as one object, name → value, in the incident's order; non-finite values and repeated names
    /// (the first wins) are left out so the object stays valid JSON with unique keys.
    /// </summary>
    public static void WriteEvidence(Utf8JsonWriter writer, string name, IReadOnlyList<EvidenceItem> evidence)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(evidence);
        writer.WriteStartObject(name);
        for (var i = 0; i < evidence.Count; i++)
        {
            var item = evidence[i];
            if (double.IsFinite(item.Value) && !SeenBefore(evidence, i))
            {
                writer.WriteNumber(item.Name, item.Value);
            }
        }

        writer.WriteEndObject();
    }

    internal static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static bool SeenBefore(IReadOnlyList<EvidenceItem> evidence, int index)
    {
        // Evidence lists are a handful of items: a quadratic look-back is cheaper than a set.
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(evidence[j].Name, evidence[index].Name, StringComparison.Ordinal) && double.IsFinite(evidence[j].Value))
            {
                return true;
            }
        }

        return false;
    }
}
