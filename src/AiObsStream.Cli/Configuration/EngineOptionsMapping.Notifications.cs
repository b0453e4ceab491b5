using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>notifications</c> and <c>incidents</c> sections.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>Notification settings over <paramref name="current"/>; null when <c>notifications.enabled</c> is false.</summary>
    /// <exception cref="ConfigException">A silence has no end or a bad time.</exception>
    public static NotifierOptions? Notifications(NotificationsSettings s, NotifierOptions? current)
    {
        var options = current ?? new NotifierOptions();
        options = options with
        {
            KeepFiringFor = Duration(s.KeepFiringFor, "notifications.keepFiringFor") ?? options.KeepFiringFor,
            FlapMaxChanges = Int(s.FlapMaxChanges) ?? options.FlapMaxChanges,
            FlapWindow = Duration(s.FlapWindow, "notifications.flapWindow") ?? options.FlapWindow,
            GroupWait = Duration(s.GroupWait, "notifications.groupWait") ?? options.GroupWait,
            GroupInterval = Duration(s.GroupInterval, "notifications.groupInterval") ?? options.GroupInterval,
            RepeatInterval = Duration(s.RepeatInterval, "notifications.repeatInterval") ?? options.RepeatInterval,
            GroupBy = s.GroupBy is { } groupBy ? groupBy.ConvertAll(g => SettingChecks.ParseEnum<GroupLabel>(g, "notifications.groupBy")) : options.GroupBy,
            Silences = s.Silences is { } silences ? Silences(silences) : options.Silences,
            InhibitSourceRules = s.InhibitSourceRules ?? options.InhibitSourceRules,
            InhibitTargetRules = s.InhibitTargetRules ?? options.InhibitTargetRules,
        };
        return s.Enabled == false ? null : options;
    }

    /// <summary>Incident settings over <paramref name="current"/>.</summary>
    public static IncidentOptions Incidents(IncidentsSettings s, IncidentOptions current) => current with
    {
        Enabled = s.Enabled ?? current.Enabled,
        SurgeRatio = s.SurgeRatio ?? current.SurgeRatio,
        ThrottledRiseRatio = s.ThrottledRiseRatio ?? current.ThrottledRiseRatio,
        ThrottleShare = s.ThrottleShare ?? current.ThrottleShare,
        BaselineWindows = Int(s.BaselineWindows) ?? current.BaselineWindows,
        MinBaselineWindows = Int(s.MinBaselineWindows) ?? current.MinBaselineWindows,
        RolloutHorizon = Duration(s.RolloutHorizon, "incidents.rolloutHorizon") ?? current.RolloutHorizon,
        ResolveHold = Duration(s.ResolveHold, "incidents.resolveHold") ?? current.ResolveHold,
        IdleUtilization = s.IdleUtilization ?? current.IdleUtilization,
        MinBreachMargin = s.MinBreachMargin ?? current.MinBreachMargin,
        MaxOpenIncidents = Int(s.MaxOpenIncidents) ?? current.MaxOpenIncidents,
        MaxPendingAlerts = Int(s.MaxPendingAlerts) ?? current.MaxPendingAlerts,
    };

    private static List<Silence> Silences(List<SilenceSettings> items)
    {
        var list = new List<Silence>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var s = items[i];
            var setting = $"notifications.silences[{i}]";
            list.Add(new Silence
            {
                Id = s.Id ?? $"silence-{i}",
                Rule = s.Rule,
                Deployment = s.Deployment,
                Host = s.Host,
                ModelVersion = s.ModelVersion,
                Comment = s.Comment,
                StartsAtMs = s.StartsAt is { } starts ? Time(starts, setting + ".startsAt") : long.MinValue,
                EndsAtMs = s.EndsAt is { } ends ? Time(ends, setting + ".endsAt") : throw new ConfigException($"{setting}.endsAt: required (silences expire)"),
            });
        }

        return list;
    }

    private static long Time(string text, string setting) =>
        SettingChecks.TryInstant(text, out var ms) ? ms : throw new ConfigException($"{setting}: not an ISO-8601 time (e.g. 2026-11-22T18:00:00Z)");
}
