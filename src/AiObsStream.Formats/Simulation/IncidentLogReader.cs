using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Reads incidents.jsonl and notifications.jsonl back into <see cref="PredictedIncident"/>s for scoring.
/// </summary>
/// <remarks>
/// Per IncidentId: the open time is <c>OpenedAt</c> of its first line (its <c>TimeGenerated</c> when absent), the cause
/// is that of its last line, deployments and hosts are the union over its lines (an incident that grew is in scope for
/// everything it named). A notification line counts once for every incident it announces when its <c>Status</c> is
/// <c>Firing</c>; its incident is the <c>IncidentId</c> of its <c>Incident</c> object, else a top-level
/// <c>IncidentId</c>, else the distinct <c>IncidentId</c>s of its <c>Alerts</c>; ids that are not in incidents.jsonl
/// are ignored (before the incident layer, alert ids are not incident ids). Lines that are not JSON objects, lack an id
/// or a time, or name an unknown cause are counted and skipped: one bad line never hides the others.
/// </remarks>
public static class IncidentLogReader
{
    /// <summary>The incidents file the engine writes.</summary>
    public const string IncidentsFile = "incidents.jsonl";

    /// <summary>The notifications file the engine writes.</summary>
    public const string NotificationsFile = "notifications.jsonl";

    private const int MaxErrors = 10;

    /// <summary>Reads the two files from an output folder; a missing file reads as empty.</summary>
    /// <param name="directory">The engine's output folder.</param>
    /// <returns>The incidents.</returns>
    public static IncidentLog ReadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string incidents = Path.Combine(directory, IncidentsFile);
        string notifications = Path.Combine(directory, NotificationsFile);
        return Read(File.Exists(incidents) ? File.ReadLines(incidents) : [], File.Exists(notifications) ? File.ReadLines(notifications) : []);
    }

    /// <summary>Folds incident lines and counts Firing notifications per incident.</summary>
    /// <param name="incidentLines">Lines of incidents.jsonl.</param>
    /// <param name="notificationLines">Lines of notifications.jsonl.</param>
    /// <returns>The incidents.</returns>
    public static IncidentLog Read(IEnumerable<string> incidentLines, IEnumerable<string> notificationLines)
    {
        ArgumentNullException.ThrowIfNull(incidentLines);
        ArgumentNullException.ThrowIfNull(notificationLines);
        var folds = new Dictionary<string, Fold>(StringComparer.Ordinal);
        var order = new List<string>();
        var errors = new List<string>();
        int rejected = 0;
        int line = 0;
        foreach (var text in incidentLines)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!TryFold(text, folds, order, out string error))
            {
                rejected++;
                AddError(errors, IncidentsFile, line, error);
            }
        }

        line = 0;
        foreach (var text in notificationLines)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!TryCount(text, folds, out string error))
            {
                rejected++;
                AddError(errors, NotificationsFile, line, error);
            }
        }

        var incidents = new List<PredictedIncident>(order.Count);
        foreach (var id in order)
        {
            var f = folds[id];
            incidents.Add(new PredictedIncident(id, f.OpenedAtMs, f.Cause, [.. f.Deployments], [.. f.Hosts], f.Firing) { AnnouncedAtMs = f.AnnouncedAtMs });
        }

        return new IncidentLog(incidents, rejected, errors);
    }

    /// <summary>The line as a JSON document, or null with the reason when it is not JSON.</summary>
    private static JsonDocument? Parse(string text, out string error)
    {
        try
        {
            error = string.Empty;
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            error = "not JSON: " + ex.Message;
            return null;
        }
    }

    private static bool TryFold(string text, Dictionary<string, Fold> folds, List<string> order, out string error)
    {
        if (Parse(text, out error) is not { } doc)
        {
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryString(root, "IncidentId", out string id) || id.Length == 0)
            {
                error = "no IncidentId";
                return false;
            }

            if (!TryString(root, "Cause", out string causeName) || !IncidentCauses.TryParse(causeName, out var cause))
            {
                error = $"incident {id}: unknown or missing Cause";
                return false;
            }

            if (!folds.TryGetValue(id, out var fold))
            {
                if (!TryTime(root, "OpenedAt", out long opened) && !TryTime(root, "TimeGenerated", out opened))
                {
                    error = $"incident {id}: no OpenedAt or TimeGenerated";
                    return false;
                }

                fold = new Fold { OpenedAtMs = opened, AnnouncedAtMs = TryTime(root, "TimeGenerated", out long announced) ? announced : null };
                folds.Add(id, fold);
                order.Add(id);
            }

            fold.Cause = cause;
            AddStrings(root, "Deployments", fold.Deployments);
            AddStrings(root, "Hosts", fold.Hosts);
        }

        error = string.Empty;
        return true;
    }

    private static bool TryCount(string text, Dictionary<string, Fold> folds, out string error)
    {
        if (Parse(text, out error) is not { } doc)
        {
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }

            if (!TryString(root, "Status", out string status) || status != "Firing")
            {
                error = string.Empty;
                return true;
            }

            var ids = new SortedSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("Incident", out var incident) && incident.ValueKind == JsonValueKind.Object
                && TryString(incident, "IncidentId", out string nested) && nested.Length > 0)
            {
                ids.Add(nested);
            }
            else if (TryString(root, "IncidentId", out string top) && top.Length > 0)
            {
                ids.Add(top);
            }
            else if (root.TryGetProperty("Alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in alerts.EnumerateArray())
                {
                    if (a.ValueKind == JsonValueKind.Object && TryString(a, "IncidentId", out string alertIncident) && alertIncident.Length > 0)
                    {
                        ids.Add(alertIncident);
                    }
                }
            }

            foreach (var id in ids)
            {
                if (folds.TryGetValue(id, out var fold))
                {
                    fold.Firing++;
                }
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool TryString(JsonElement e, string name, out string value)
    {
        if (e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String)
        {
            value = p.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static bool TryTime(JsonElement e, string name, out long unixMs)
    {
        unixMs = 0;
        if (!TryString(e, name, out string text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        unixMs = time.ToUnixTimeMilliseconds();
        return true;
    }

    private static void AddStrings(JsonElement e, string name, SortedSet<string> into)
    {
        if (e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in p.EnumerateArray())
            {
                if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
                {
                    into.Add(s);
                }
            }
        }
    }

    private static void AddError(List<string> errors, string file, int line, string message)
    {
        if (errors.Count < MaxErrors)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{file}:{line}: {message}"));
        }
    }

    private sealed class Fold
    {
        public long OpenedAtMs { get; init; }

        public long? AnnouncedAtMs { get; init; }

        public IncidentCause Cause { get; set; }

        public SortedSet<string> Deployments { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Hosts { get; } = new(StringComparer.Ordinal);

        public int Firing { get; set; }
    }
}
