using System.Text.Json;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>incidents</c> section: the incident layer between alerts and notifications.</content>
public static partial class ConfigLoader
{
    private const string IncidentsKnown = "enabled, surgeRatio, throttledRiseRatio, throttleShare, baselineWindows, "
        + "minBaselineWindows, rolloutHorizon, resolveHold, idleUtilization, minBreachMargin, maxOpenIncidents, maxPendingAlerts";

    private static IncidentOptions ReadIncidents(JsonElement e, IncidentOptions current)
    {
        Expect(e, JsonValueKind.Object, "incidents");
        foreach (var p in e.EnumerateObject())
        {
            var s = "incidents." + p.Name;
            current = p.Name switch
            {
                "enabled" => current with { Enabled = ReadBool(p.Value, s) },
                "surgeRatio" => current with { SurgeRatio = ReadDouble(p.Value, s) },
                "throttledRiseRatio" => current with { ThrottledRiseRatio = ReadDouble(p.Value, s) },
                "throttleShare" => current with { ThrottleShare = ReadDouble(p.Value, s) },
                "baselineWindows" => current with { BaselineWindows = ReadInt(p.Value, s, 1, 32) },
                "minBaselineWindows" => current with { MinBaselineWindows = ReadInt(p.Value, s, 1, 32) },
                "rolloutHorizon" => current with { RolloutHorizon = Durations.Parse(ReadString(p.Value, s), s) },
                "resolveHold" => current with { ResolveHold = Durations.Parse(ReadString(p.Value, s), s) },
                "idleUtilization" => current with { IdleUtilization = ReadDouble(p.Value, s) },
                "minBreachMargin" => current with { MinBreachMargin = ReadDouble(p.Value, s) },
                "maxOpenIncidents" => current with { MaxOpenIncidents = ReadInt(p.Value, s, 1, 1_000_000) },
                "maxPendingAlerts" => current with { MaxPendingAlerts = ReadInt(p.Value, s, 1, 10_000_000) },
                _ => throw new ConfigException($"{s}: unknown setting (known: {IncidentsKnown})"),
            };
        }

        try
        {
            current.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException(ex.Message, ex);
        }

        return current;
    }
}
