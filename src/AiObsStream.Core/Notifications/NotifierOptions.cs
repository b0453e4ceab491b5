using System.Globalization;

namespace AiObsStream.Core.Notifications;

/// <summary>
/// Alert lifecycle settings applied equally to threshold, anomaly and drift alerts: keep-firing-for, flap damping,
/// Alertmanager-style grouping and timers, inhibition and silences. Defaults follow Alertmanager where it has one.
/// </summary>
public sealed record NotifierOptions
{
    /// <summary>How long an upstream-resolved alert is held firing; a re-fire inside it continues the incident (0 = off).</summary>
    public TimeSpan KeepFiringFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Most effective state changes (firing ↔ resolved) one alert may make per <see cref="FlapWindow"/>; further changes are suppressed and counted.</summary>
    public int FlapMaxChanges { get; init; } = 4;

    /// <summary>The sliding window over which <see cref="FlapMaxChanges"/> is counted.</summary>
    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Labels whose values form the group key (empty: one group for everything). The default groups per incident (each
    /// incident its own notifications); alerts without one (the incident layer off) group by deployment, host and family.
    /// </summary>
    public IReadOnlyList<GroupLabel> GroupBy { get; init; } = [GroupLabel.Incident, GroupLabel.Deployment, GroupLabel.Host, GroupLabel.RuleFamily];

    /// <summary>Delay before a new group's first notification, to batch alerts that start together.</summary>
    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tick of a group after its first notification: changes are sent at most this often.</summary>
    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An unchanged group with firing alerts is re-sent after this long.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Rule matchers (exact or prefix*) of GPU hardware alerts that inhibit <see cref="InhibitTargetRules"/> on the
    /// deployments of their host. Empty by default: the incident layer attributes latency alerts of a faulty host's
    /// deployments to its gpu-hardware incident; set both lists to inhibit when the incident layer is off.
    /// </summary>
    public IReadOnlyList<string> InhibitSourceRules { get; init; } = [];

    /// <summary>Rule matchers (exact or prefix*) of the alerts inhibited while a source alert fires on a host serving their deployment (empty by default, see <see cref="InhibitSourceRules"/>).</summary>
    public IReadOnlyList<string> InhibitTargetRules { get; init; } = [];

    /// <summary>Known host → deployments served from it; added to what is learned from alerts carrying both fields.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> HostDeployments { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Silences from config.</summary>
    public IReadOnlyList<Silence> Silences { get; init; } = [];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        NonNegative(KeepFiringFor, "notifications.keepFiringFor");
        if (FlapMaxChanges < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"notifications.flapMaxChanges must be >= 1 (got {FlapMaxChanges})"));
        }

        Positive(FlapWindow, "notifications.flapWindow");
        NonNegative(GroupWait, "notifications.groupWait");
        Positive(GroupInterval, "notifications.groupInterval");
        Positive(RepeatInterval, "notifications.repeatInterval");
        ArgumentNullException.ThrowIfNull(GroupBy, "notifications.groupBy");
        for (var i = 0; i < GroupBy.Count; i++)
        {
            if (!Enum.IsDefined(GroupBy[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"notifications.groupBy[{i}]: unknown label {(int)GroupBy[i]}"));
            }

            for (var j = 0; j < i; j++)
            {
                if (GroupBy[j] == GroupBy[i])
                {
                    throw new ArgumentException($"notifications.groupBy: {GroupBy[i]} listed twice");
                }
            }
        }

        ValidatePatterns(InhibitSourceRules, "notifications.inhibitSourceRules");
        ValidatePatterns(InhibitTargetRules, "notifications.inhibitTargetRules");
        ArgumentNullException.ThrowIfNull(HostDeployments, "notifications.hostDeployments");
        foreach (var (host, deployments) in HostDeployments)
        {
            if (string.IsNullOrEmpty(host) || deployments is null || deployments.Count == 0)
            {
                throw new ArgumentException($"notifications.hostDeployments.{host}: needs a host name and at least one deployment");
            }
        }

        ArgumentNullException.ThrowIfNull(Silences, "notifications.silences");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Silences.Count; i++)
        {
            var setting = string.Create(CultureInfo.InvariantCulture, $"notifications.silences[{i}]");
            var silence = Silences[i] ?? throw new ArgumentException($"{setting} is null");
            silence.Validate(setting);
            if (!ids.Add(silence.Id))
            {
                throw new ArgumentException($"{setting}.id ({silence.Id}) is defined twice");
            }
        }
    }

    private static void ValidatePatterns(IReadOnlyList<string> patterns, string setting)
    {
        ArgumentNullException.ThrowIfNull(patterns, setting);
        for (var i = 0; i < patterns.Count; i++)
        {
            LabelPattern.Validate(patterns[i] ?? string.Empty, string.Create(CultureInfo.InvariantCulture, $"{setting}[{i}]"));
        }
    }

    private static void NonNegative(TimeSpan value, string setting)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{setting} must be >= 0 (got {value})"));
        }
    }

    private static void Positive(TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{setting} must be > 0 (got {value})"));
        }
    }
}
