using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;

namespace AiObsStream.TestKit;

/// <summary>Hand-built incident state changes (the shape the incident correlator emits) for the output tests.</summary>
public static class TestIncidents
{
    /// <summary>2026-11-22T11:15:00Z.</summary>
    public const long OpenedAt = 1_795_346_100_000;

    /// <summary>A capacity incident on two deployments sharing one GPU host, seen by three sources.</summary>
    public static IncidentEvent Capacity(IncidentStatus status = IncidentStatus.Open, string id = "0123456789abcdef") => new()
    {
        IncidentId = id,
        Status = status,
        TimeGeneratedMs = status switch
        {
            IncidentStatus.Open => OpenedAt + 60_000,
            IncidentStatus.Updated => OpenedAt + 180_000,
            _ => OpenedAt + 900_000,
        },
        OpenedAtMs = OpenedAt,
        ResolvedAtMs = status == IncidentStatus.Resolved ? OpenedAt + 840_000 : null,
        Cause = IncidentCause.Capacity,
        Severity = Severity.Critical,
        Deployments = ["chat-prod", "chat-prod-b"],
        ModelVersions = ["2024-08-06"],
        Hosts = ["aks-gpu-0"],
        Signals =
        [
            new IncidentSignal
            {
                Rule = "latency-p95", Metric = "latency_ms", Statistic = Statistic.P95, Peak = 3245.3, Threshold = 1000,
                Severity = Severity.Warning, Source = "AzureOpenAI", Sources = ["AppInsights", "AzureOpenAI", "Log"],
                Deployment = "chat-prod", ModelVersion = "2024-08-06", Host = "", Alerts = 3, Firing = status != IncidentStatus.Resolved,
            },
            new IncidentSignal
            {
                Rule = "throttle-rate", Metric = "status_429_share", Statistic = Statistic.Mean, Peak = 0.44, Threshold = 0.05,
                Severity = Severity.Critical, Source = "AzureOpenAI", Sources = ["AzureOpenAI"],
                Deployment = "chat-prod-b", ModelVersion = "2024-08-06", Host = "", Alerts = 1, Firing = false,
            },
        ],
        Evidence =
        [
            new EvidenceItem("load_ratio", 2.61),
            new EvidenceItem("requests_per_min", 1890),
            new EvidenceItem("baseline_requests_per_min", 724),
        ],
        Summary = "Traffic surge on chat-prod, chat-prod-b: load 2.6x baseline; latency p95 3.2 s (>1 s), 429 44 %.",
    };
}
