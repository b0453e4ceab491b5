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

    /// <summary>A seeded stream of fires and resolves over threshold, anomaly, drift and GPU rules, one event every 20 s.</summary>
    public static AlertEvent[] RandomStream(int seed, int count)
    {
        var random = new Random(seed);
        var events = new List<AlertEvent>();
        var open = new Dictionary<string, AlertEvent>();
        string[] rules = ["latency-p95", "ttft-p95", "gpu-xid-critical", "gpu-temperature", "anomaly:latency_ms", "drift:tokens"];
        for (var i = 0; i < count; i++)
        {
            var at = T0 + i * 20 * Second;
            var rule = rules[random.Next(rules.Length)];
            var host = rule.StartsWith("gpu", StringComparison.Ordinal) ? "h" + random.Next(2) : "";
            var deployment = random.Next(2) == 0 ? "chat-prod" : "embed-prod";
            var key = rule + deployment + host;
            if (open.Remove(key, out var firing))
            {
                events.Add(Resolve(firing, at));
            }
            else
            {
                open[key] = Fire(rule, at, deployment, host, random.Next(2) == 0 ? Severity.Warning : Severity.Critical);
                events.Add(open[key]);
            }
        }

        return [.. events];
    }

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
