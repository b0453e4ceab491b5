using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Notifications;

/// <summary>Builds alert events with real event-time timestamps for notifier tests.</summary>
internal static class NotifierAlerts
{
    /// <summary>2025-11-22T00:00:00Z.</summary>
    public const long T0 = 1_763_769_600_000;
    public const long Second = 1_000;
    public const long Minute = 60_000;

    public static AlertEvent Fire(string rule, long atMs, string deployment = "chat-prod", string host = "",
        Severity severity = Severity.Warning, string version = "2024-08-06", string? id = null) => new()
    {
        AlertId = id ?? $"{rule}@{deployment}@{host}@{atMs}",
        Rule = rule,
        Severity = severity,
        Status = AlertStatus.Firing,
        TimeGeneratedMs = atMs,
        StartsAtMs = atMs - Minute,
        Value = 1,
        Threshold = 0,
        Metric = "m",
        Statistic = Statistic.Max,
        Source = host.Length > 0 ? "DCGM" : "AzureOpenAI",
        Deployment = deployment,
        ModelName = "gpt-4o",
        ModelVersion = version,
        Operation = "",
        Host = host,
        Gpu = "",
        Summary = rule,
    };

    public static AlertEvent Resolve(AlertEvent firing, long atMs) => firing with
    {
        Status = AlertStatus.Resolved,
        TimeGeneratedMs = atMs,
        EndsAtMs = atMs - Minute,
    };

    /// <summary>Feeds the events in order, then advances to <paramref name="endMs"/>; returns every notification.</summary>
    public static List<Notification> Run(AlertNotifier notifier, long endMs, params AlertEvent[] events)
    {
        var output = new List<Notification>();
        foreach (var e in events)
        {
            notifier.OnAlert(e, output);
        }

        notifier.AdvanceTo(endMs, output);
        return output;
    }
}
