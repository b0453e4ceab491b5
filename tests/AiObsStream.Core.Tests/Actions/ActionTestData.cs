using AiObsStream.Core.Actions;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using AiObsStream.TestKit;

namespace AiObsStream.Core.Tests.Actions;

/// <summary>Actions, incidents and the notifications that announce them, for the decider tests.</summary>
internal static class ActionTestData
{
    public const long Minute = 60_000;
    public const long T0 = TestIncidents.OpenedAt;

    public static ActionDefinition ScaleOut(int? perHour = null, TimeSpan cooldown = default) => new()
    {
        Name = "scale-chat",
        Cause = IncidentCause.Capacity,
        Url = new Uri("https://ops.example/scale"),
        Payload = ActionPayload.ScaleOut,
        PerHour = perHour,
        Cooldown = cooldown,
    };

    public static ActionDefinition Rollback(ActionTrigger on = ActionTrigger.Firing) => new()
    {
        Name = "rollback",
        Cause = IncidentCause.VersionRegression,
        On = on,
        Url = new Uri("https://ops.example/rollback"),
        Payload = ActionPayload.RollbackPreviousVersion,
    };

    /// <summary>A per-incident notification of <paramref name="incident"/> (its pseudo-alert, the incident attached).</summary>
    public static Notification Note(IncidentEvent incident, long atMs, NotificationReason reason = NotificationReason.Initial)
    {
        var pseudo = IncidentAlert.Of(incident, incident.Deployments.Count > 0 ? incident.Deployments[0] : string.Empty, string.Empty);
        var alert = new NotifiedAlert
        {
            IncidentId = pseudo.AlertId, Rule = pseudo.Rule, Status = pseudo.Status, Severity = pseudo.Severity,
            StartsAtMs = pseudo.StartsAtMs, EndsAtMs = pseudo.EndsAtMs, Latest = pseudo,
        };
        return new Notification
        {
            GroupKey = "incident=" + incident.IncidentId, Status = pseudo.Status, Reason = reason, TimeMs = atMs, Incident = incident, Alerts = [alert],
        };
    }

    public static IncidentEvent Capacity(string id, string deployment = "chat-prod", IncidentStatus status = IncidentStatus.Open) =>
        TestIncidents.Capacity(status, id) with { Deployments = [deployment] };

    /// <summary>A version regression of <paramref name="version"/> on chat-prod.</summary>
    public static IncidentEvent Regression(string id, string version, IncidentCause cause = IncidentCause.VersionRegression) =>
        TestIncidents.Capacity(IncidentStatus.Open, id) with
        {
            Cause = cause,
            Deployments = ["chat-prod"],
            ModelVersions = ["2024-05-13", version],
            Signals =
            [
                new IncidentSignal
                {
                    Rule = RegressionOptions.RuleName, Metric = "latency_ms", Statistic = Statistic.P50, Peak = 0.4, Threshold = 0.1,
                    Severity = Severity.Critical, Source = "", Sources = [], Deployment = "chat-prod", ModelVersion = version, Host = "",
                    Alerts = 1, Firing = true,
                },
            ],
        };

    /// <summary>One metric row of <paramref name="deployment"/> served by <paramref name="version"/> in the window at <paramref name="windowStartMs"/>.</summary>
    public static MetricRow Row(string deployment, string version, long windowStartMs) => new()
    {
        WindowStartMs = windowStartMs,
        WindowEndMs = windowStartMs + Minute,
        Metric = "latency_ms",
        Dims = new SeriesDims(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", version, "chat", "", "", ""),
        ModelVersion = version,
        Count = 1,
        Sum = 1,
        Min = 1,
        Max = 1,
        Mean = 1,
    };

    public static List<ActionDecision> Decide(ActionDecider decider, params Notification[] notes)
    {
        var decisions = new List<ActionDecision>();
        decider.Decide(notes, decisions);
        return decisions;
    }
}
