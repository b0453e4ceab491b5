using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Actions;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Pipeline.Actions;

/// <summary>
/// The JSON of actions: the body sent to the receiver (README "Automated responses" documents it) and the record of
/// actions.jsonl / AiObsActions_CL. Key order is fixed; non-finite numbers are left out.
/// </summary>
public static class ActionJson
{
    /// <summary>Schema id of the body sent to webhook and Logic App receivers.</summary>
    public const string Schema = "aiobs.action/1";

    /// <summary>The body for <paramref name="decision"/>: the envelope, or flat string parameters for a pipeline run.</summary>
    public static void WriteBody(Utf8JsonWriter writer, ActionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Action.Kind == ActionKind.Pipeline)
        {
            WriteParameters(writer, decision);
            return;
        }

        var action = decision.Action;
        var subject = decision.Subject;
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("action", action.Name);
        writer.WriteString("payload", ActionNames.Name(action.Payload));
        writer.WriteString("idempotencyKey", decision.IdempotencyKey);
        writer.WriteBoolean("dryRun", decision.Outcome == ActionOutcome.DryRun);
        WriteTime(writer, "decidedAt", decision.TimeMs);
        if (action.Payload != ActionPayload.Custom)
        {
            writer.WriteStartObject("request");
            writer.WriteString("operation", ActionNames.Name(action.Payload));
            writer.WriteString("deployment", Deployment(subject));
            writer.WriteString("modelVersion", subject.ModelVersion);
            if (action.Payload == ActionPayload.RollbackPreviousVersion)
            {
                // null when the engine never saw the deployment serve an earlier version: the receiver must not guess
                WriteNullable(writer, "previousVersion", decision.PreviousVersion);
            }
            else
            {
                WriteList(writer, "hosts", subject.Hosts);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartObject("incident");
        writer.WriteString("id", subject.Id);
        WriteNullable(writer, "cause", subject.Cause is { } c ? IncidentCauses.Name(c) : null);
        writer.WriteString("severity", subject.Severity.ToString());
        WriteList(writer, "deployments", subject.Deployments);
        WriteList(writer, "hosts", subject.Hosts);
        writer.WriteString("modelVersion", subject.ModelVersion);
        WriteNullable(writer, "previousVersion", decision.PreviousVersion);
        WriteList(writer, "rules", subject.Rules);
        writer.WriteStartObject("evidence");
        foreach (var e in subject.Evidence)
        {
            if (double.IsFinite(e.Value))
            {
                writer.WriteNumber(e.Name, e.Value);
            }
        }

        writer.WriteEndObject();
        writer.WriteString("summary", subject.Summary);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes one record (a line of actions.jsonl, a row of AiObsActions_CL).</summary>
    public static void WriteRecord(Utf8JsonWriter writer, ActionRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        var d = record.Decision;
        var s = d.Subject;
        writer.WriteStartObject();
        WriteTime(writer, "TimeGenerated", d.TimeMs);
        WriteTime(writer, "RecordedAt", record.RecordedAtMs);
        writer.WriteString("Action", d.Action.Name);
        writer.WriteString("Kind", ActionNames.Name(d.Action.Kind));
        writer.WriteString("Payload", ActionNames.Name(d.Action.Payload));
        writer.WriteString("Target", d.Action.Target);
        writer.WriteString("Outcome", ActionNames.Name(record.Outcome));
        if (record.HttpStatus is { } status)
        {
            writer.WriteNumber("HttpStatus", status);
        }

        writer.WriteNumber("Attempts", record.Attempts);
        if (record.Error is { } error)
        {
            writer.WriteString("Error", error);
        }

        if (d.Reason is { } reason)
        {
            writer.WriteString("Reason", reason);
        }

        writer.WriteString("IdempotencyKey", d.IdempotencyKey);
        writer.WriteString("IncidentId", s.Id);
        writer.WriteString("Cause", s.Cause is { } c ? IncidentCauses.Name(c) : string.Empty);
        writer.WriteString("Severity", s.Severity.ToString());
        writer.WriteString("Deployment", Deployment(s));
        writer.WriteString("ModelVersion", s.ModelVersion);
        writer.WriteString("PreviousVersion", d.PreviousVersion ?? string.Empty);
        writer.WriteString("Summary", s.Summary);
        writer.WriteEndObject();
    }

    /// <summary>Data Factory / Synapse <c>createRun</c> takes the pipeline's parameters as the body: flat strings.</summary>
    private static void WriteParameters(Utf8JsonWriter writer, ActionDecision decision)
    {
        var s = decision.Subject;
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("action", decision.Action.Name);
        writer.WriteString("payload", ActionNames.Name(decision.Action.Payload));
        writer.WriteString("idempotencyKey", decision.IdempotencyKey);
        writer.WriteString("dryRun", decision.Outcome == ActionOutcome.DryRun ? "true" : "false");
        writer.WriteString("decidedAt", Iso(decision.TimeMs));
        writer.WriteString("incidentId", s.Id);
        writer.WriteString("cause", s.Cause is { } c ? IncidentCauses.Name(c) : string.Empty);
        writer.WriteString("severity", s.Severity.ToString());
        writer.WriteString("deployment", Deployment(s));
        writer.WriteString("hosts", string.Join(",", s.Hosts));
        writer.WriteString("modelVersion", s.ModelVersion);
        writer.WriteString("previousVersion", decision.PreviousVersion ?? string.Empty);
        writer.WriteString("summary", s.Summary);
        writer.WriteEndObject();
    }

    /// <summary>ISO-8601 UTC with milliseconds, as the other outputs write times.</summary>
    private static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter writer, string name, long unixMs) => writer.WriteString(name, Iso(unixMs));

    private static string Deployment(ActionSubject s) => s.Deployments.Count > 0 ? s.Deployments[0] : string.Empty;

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }
}
