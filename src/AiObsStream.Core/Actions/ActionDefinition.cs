using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Actions;

/// <summary>
/// One automated response from config: which notified incidents (or alerts) trigger it, where it is sent and what it
/// asks for. Every matcher given must match; at least one of cause, rule and severity is required, so that no action
/// fires on everything by accident.
/// </summary>
public sealed record ActionDefinition
{
    /// <summary>Unique name; part of the idempotency key (incident id + name).</summary>
    public required string Name { get; init; }

    /// <summary>Incident cause matcher (needs the incident layer).</summary>
    public IncidentCause? Cause { get; init; }

    /// <summary>Rule matcher, exact or a prefix ending in '*': an alert's rule, or any signal rule of an incident.</summary>
    public string? Rule { get; init; }

    /// <summary>Lowest severity that triggers.</summary>
    public Severity? Severity { get; init; }

    /// <summary>Deployment matcher (exact or prefix*): any deployment of the incident, or the alert's.</summary>
    public string? Deployment { get; init; }

    /// <summary>Which notifications can trigger it.</summary>
    public ActionTrigger On { get; init; } = ActionTrigger.Firing;

    /// <summary>How it is called.</summary>
    public ActionKind Kind { get; init; } = ActionKind.Webhook;

    /// <summary>The receiver (http or https; https for a Logic App).</summary>
    public required Uri Url { get; init; }

    /// <summary>What it asks for.</summary>
    public ActionPayload Payload { get; init; } = ActionPayload.Custom;

    /// <summary>Decided and recorded but not sent (the default: an action is sent only when this is set to false).</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>Most decisions (sent or dry-run) of this action in any hour of event time; null: no limit.</summary>
    public int? PerHour { get; init; }

    /// <summary>Least event time between two decisions of this action on the same deployment (or host); zero: none.</summary>
    public TimeSpan Cooldown { get; init; }

    /// <summary>The URL as records show it: scheme, host and path; never the query (a Logic App's signature lives there).</summary>
    public string Target => Url.GetLeftPart(UriPartial.Path);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad setting (<paramref name="setting"/> is e.g. <c>actions[0]</c>).</summary>
    public void Validate(string setting)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"{setting}.name must be set");
        }

        var at = $"{setting} ({Name})";
        if (Name.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            throw new ArgumentException($"{at}.name: no spaces or '/' (it is part of the idempotency key)");
        }

        if (Cause is null && Rule is null && Severity is null)
        {
            throw new ArgumentException($"{at}.on: needs at least one of cause, rule, severity (an action never fires on everything)");
        }

        if (Rule is not null)
        {
            LabelPattern.Validate(Rule, $"{at}.on.rule");
        }

        if (Deployment is not null)
        {
            LabelPattern.Validate(Deployment, $"{at}.on.deployment");
        }

        if (Severity is Rules.Severity.None)
        {
            throw new ArgumentException($"{at}.on.severity: use warning or critical");
        }

        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{at}.url: '{Target}' is not an absolute http(s) URL");
        }

        if (Kind == ActionKind.LogicApp && Url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"{at}.url: a Logic App trigger is called over https");
        }

        if (PerHour is < 1)
        {
            throw new ArgumentException($"{at}.rateLimit.perHour: at least 1 (leave rateLimit out for no limit)");
        }

        if (Cooldown < TimeSpan.Zero)
        {
            throw new ArgumentException($"{at}.cooldown: must not be negative");
        }
    }

    /// <summary>Validates every action and that their names are unique.</summary>
    public static void ValidateAll(IReadOnlyList<ActionDefinition> actions, string setting = "actions")
    {
        ArgumentNullException.ThrowIfNull(actions);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            actions[i].Validate($"{setting}[{i}]");
            if (!names.Add(actions[i].Name))
            {
                throw new ArgumentException($"{setting}[{i}].name: '{actions[i].Name}' is used twice (names key the idempotency)");
            }
        }
    }
}
