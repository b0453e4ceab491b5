using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Actions;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>actions</c> list (automated responses; they run in the action sink, not in the engine).</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>The actions of the file; each problem (naming its setting) goes to <paramref name="problems"/>, and the item is left out.</summary>
    public static List<ActionDefinition> Actions(List<ActionSettings> items, List<string> problems)
    {
        var list = new List<ActionDefinition>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var before = problems.Count;
            var s = items[i];
            var at = $"actions[{i}]";
            var on = s.On ?? new ActionOnSettings();
            IncidentCause? cause = null;
            if (on.Cause is { } c)
            {
                cause = IncidentCauses.TryParse(c, out var parsed) ? parsed
                    : Problem<IncidentCause?>(problems, $"{at}.on.cause: '{c}' is not one of {string.Join(", ", IncidentCauses.All.Select(IncidentCauses.Name))}");
            }

            Severity? severity = null;
            if (on.Severity is { } sev)
            {
                severity = sev.Equals("warning", StringComparison.OrdinalIgnoreCase) ? Severity.Warning
                    : sev.Equals("critical", StringComparison.OrdinalIgnoreCase) ? Severity.Critical
                    : Problem<Severity?>(problems, $"{at}.on.severity: '{sev}' is not one of warning, critical");
            }

            var trigger = ActionTrigger.Firing;
            if (on.Status is { } status && !ActionNames.TryParse(status, out trigger))
            {
                problems.Add($"{at}.on.status: '{status}' is not one of {string.Join(", ", ActionNames.TriggerNames)}");
            }

            var kind = ActionKind.Webhook;
            if (s.Kind is { } k && !ActionNames.TryParse(k, out kind))
            {
                problems.Add($"{at}.kind: '{k}' is not one of {string.Join(", ", ActionNames.KindNames)}");
            }

            var payload = ActionPayload.Custom;
            if (s.Payload is { } p && !ActionNames.TryParse(p, out payload))
            {
                problems.Add($"{at}.payload: '{p}' is not one of {string.Join(", ", ActionNames.PayloadNames)}");
            }

            Uri? url = null;
            if (s.Url is null)
            {
                problems.Add($"{at}.url: required");
            }
            else if (!Uri.TryCreate(s.Url, UriKind.Absolute, out url))
            {
                problems.Add($"{at}.url: not an absolute URL");
            }

            SettingChecks.Whole(problems, s.RateLimit?.PerHour, $"{at}.rateLimit.perHour", 1, 1_000_000);
            var cooldown = TimeSpan.Zero;
            if (s.Cooldown is { } text)
            {
                if (Durations.TryParse(text, out var parsedCooldown))
                {
                    cooldown = parsedCooldown;
                }
                else
                {
                    SettingChecks.Duration(problems, text, $"{at}.cooldown");
                }
            }

            if (problems.Count > before)
            {
                continue;
            }

            list.Add(new ActionDefinition
            {
                Name = s.Name ?? string.Empty,
                Cause = cause,
                Rule = on.Rule,
                Severity = severity,
                Deployment = on.Deployment,
                On = trigger,
                Kind = kind,
                Url = url!,
                Payload = payload,
                DryRun = s.DryRun ?? true,
                PerHour = s.RateLimit?.PerHour is { } perHour ? (int)perHour : null,
                Cooldown = cooldown,
            });
        }

        return list;
    }

    /// <summary>The actions of validated settings.</summary>
    /// <exception cref="ConfigException">A setting is invalid (validation normally reports it first).</exception>
    public static IReadOnlyList<ActionDefinition> Actions(ActionsSettings s)
    {
        if (s.Actions is not { Count: > 0 } items)
        {
            return [];
        }

        var problems = new List<string>();
        var list = Actions(items, problems);
        return problems.Count == 0 ? list : throw new ConfigException(string.Join("; ", problems));
    }

    private static T Problem<T>(List<string> problems, string message)
    {
        problems.Add(message);
        return default!;
    }
}
