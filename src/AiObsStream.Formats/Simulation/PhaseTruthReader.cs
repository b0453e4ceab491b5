using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Labels a recorded trace from its load-generator schedule (<c>phases.json</c>: <c>schedule</c> entries with
/// <c>start</c>/<c>end</c> in Unix seconds, <c>phase</c> and <c>model_version</c>).
/// </summary>
/// <remarks>
/// Rules, from what each phase of the generator does: a phase whose name contains <c>burst</c> is a <c>capacity</c>
/// incident over the phase; the first phase served by a model version other than the first phase's starts a
/// <c>version-regression</c> incident that lasts to the end of the run (the recorded rollouts are to a slower version);
/// <c>memory</c> in the name is a <c>gpu-memory</c> incident over the phase; <c>underutil</c> or <c>idle</c> a
/// <c>gpu-underutilized</c> one. Other phases (warm-up, steady) are healthy. The scope is empty (any deployment, any
/// host): a trace records one deployment on one host. The run spans the first phase's start to the last phase's end.
/// </remarks>
public static class PhaseTruthReader
{
    /// <summary>The schedule file of a recorded trace.</summary>
    public const string PhasesFile = "phases.json";

    /// <summary>Parses a schedule into a scoring truth.</summary>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="json">The text of phases.json.</param>
    /// <param name="truth">The truth, when the result is true.</param>
    /// <param name="error">What is wrong, when the result is false.</param>
    /// <returns>True when the schedule is usable.</returns>
    public static bool TryRead(string scenario, string json, out ScenarioTruth truth, out string error)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(json);
        truth = new ScenarioTruth(scenario, 0, 0, []);
        List<(long Start, long End, string Name, string Version)> phases;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!TryPhases(doc.RootElement, out phases, out error))
            {
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = "phases.json is not JSON: " + ex.Message;
            return false;
        }

        phases.Sort((a, b) => a.Start.CompareTo(b.Start));
        long runStart = phases[0].Start;
        long runEnd = phases.Max(p => p.End);
        var incidents = new List<TruthIncident>();
        bool rolledOut = false;
        foreach (var (start, end, name, version) in phases)
        {
            if (!rolledOut && version != phases[0].Version)
            {
                rolledOut = true;
                incidents.Add(new TruthIncident(IncidentCause.VersionRegression, start, runEnd, [], [], $"{name} ({phases[0].Version} -> {version})"));
            }

            IncidentCause? cause = name.Contains("burst", StringComparison.OrdinalIgnoreCase) ? IncidentCause.Capacity
                : name.Contains("memory", StringComparison.OrdinalIgnoreCase) ? IncidentCause.GpuMemory
                : name.Contains("underutil", StringComparison.OrdinalIgnoreCase) || name.Contains("idle", StringComparison.OrdinalIgnoreCase) ? IncidentCause.GpuUnderutilized
                : null;
            if (cause is { } c)
            {
                incidents.Add(new TruthIncident(c, start, end, [], [], name));
            }
        }

        incidents.Sort((a, b) => a.StartMs.CompareTo(b.StartMs));
        truth = new ScenarioTruth(scenario, runStart, runEnd, incidents);
        error = string.Empty;
        return true;
    }

    private static bool TryPhases(JsonElement root, out List<(long Start, long End, string Name, string Version)> phases, out string error)
    {
        phases = [];
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schedule", out var schedule) || schedule.ValueKind != JsonValueKind.Array)
        {
            error = "phases.json has no 'schedule' array";
            return false;
        }

        int index = 0;
        foreach (var p in schedule.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Object
                || !p.TryGetProperty("start", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetDouble(out double start) || !double.IsFinite(start)
                || !p.TryGetProperty("end", out var e) || e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double end) || !double.IsFinite(end) || end < start
                || !p.TryGetProperty("phase", out var n) || n.ValueKind != JsonValueKind.String)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"schedule[{index}] needs numeric start <= end (Unix seconds) and a phase name");
                return false;
            }

            string version = p.TryGetProperty("model_version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
            phases.Add(((long)Math.Round(start * 1000), (long)Math.Round(end * 1000), n.GetString()!, version));
            index++;
        }

        if (phases.Count == 0)
        {
            error = "phases.json has an empty schedule";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
