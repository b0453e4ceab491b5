using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Notifications;

/// <summary>
/// A time-bounded mute from config: alerts matching every given matcher are left out of notifications while it is
/// active (<see cref="StartsAtMs"/> ≤ t &lt; <see cref="EndsAtMs"/>). A matcher is an exact value or a prefix ending in '*';
/// a null matcher matches any value. At least one matcher is required.
/// </summary>
public sealed record Silence
{
    /// <summary>Name for reports and error messages.</summary>
    public required string Id { get; init; }

    /// <summary>Rule matcher (e.g. <c>latency-p95</c> or <c>anomaly:*</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>Deployment matcher.</summary>
    public string? Deployment { get; init; }

    /// <summary>Host matcher.</summary>
    public string? Host { get; init; }

    /// <summary>Model version matcher.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Event time from which it applies (Unix ms); default: always.</summary>
    public long StartsAtMs { get; init; } = long.MinValue;

    /// <summary>Expiry (Unix ms, exclusive).</summary>
    public required long EndsAtMs { get; init; }

    /// <summary>Free text (who and why).</summary>
    public string? Comment { get; init; }

    /// <summary>True when active at <paramref name="timeMs"/> and every matcher matches <paramref name="alert"/>.</summary>
    internal bool Mutes(AlertEvent alert, long timeMs) =>
        timeMs >= StartsAtMs && timeMs < EndsAtMs
        && (Rule is null || LabelPattern.Matches(Rule, alert.Rule))
        && (Deployment is null || LabelPattern.Matches(Deployment, alert.Deployment))
        && (Host is null || LabelPattern.Matches(Host, alert.Host))
        && (ModelVersion is null || LabelPattern.Matches(ModelVersion, alert.ModelVersion));

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad setting.</summary>
    internal void Validate(string setting)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException($"{setting}.id must be set");
        }

        var at = $"{setting} ({Id})";
        if (Rule is null && Deployment is null && Host is null && ModelVersion is null)
        {
            throw new ArgumentException($"{at}: needs at least one matcher (rule, deployment, host, modelVersion)");
        }

        ValidateMatcher(Rule, $"{at}.rule");
        ValidateMatcher(Deployment, $"{at}.deployment");
        ValidateMatcher(Host, $"{at}.host");
        ValidateMatcher(ModelVersion, $"{at}.modelVersion");
        if (EndsAtMs <= StartsAtMs)
        {
            throw new ArgumentException($"{at}.endsAt ({EndsAtMs}) must be after startsAt ({StartsAtMs})");
        }
    }

    private static void ValidateMatcher(string? pattern, string setting)
    {
        if (pattern is not null)
        {
            LabelPattern.Validate(pattern, setting);
        }
    }
}
