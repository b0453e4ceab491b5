using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Output;

public sealed class CommonAlertSchemaIncidentTests
{
    private static Notification Note(IncidentEvent incident) => new()
    {
        GroupKey = "incident=" + incident.IncidentId,
        Status = incident.Status == IncidentStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing,
        Reason = NotificationReason.Initial,
        TimeMs = incident.TimeGeneratedMs,
        Incident = incident,
        Alerts = [],
    };

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement;
    }

    private static JsonElement Payload(IncidentEvent incident) => Write(w => CommonAlertSchemaJson.WriteIncident(w, Note(incident), incident));

    [Fact]
    public void Essentials_FollowTheCommonAlertSchema()
    {
        var root = Payload(TestIncidents.Capacity(IncidentStatus.Updated));
        Assert.Equal("azureMonitorCommonAlertSchema", root.GetProperty("schemaId").GetString());
        var e = root.GetProperty("data").GetProperty("essentials");
        Assert.Equal(
            ["alertId", "alertRule", "severity", "signalType", "monitorCondition", "monitoringService", "alertTargetIDs", "configurationItems",
             "originAlertId", "firedDateTime", "description", "essentialsVersion", "alertContextVersion"],
            e.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Metric", "Fired", "AiObsStream"), (e.GetProperty("signalType").GetString(), e.GetProperty("monitorCondition").GetString(), e.GetProperty("monitoringService").GetString()));
        Assert.StartsWith("Traffic surge", e.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AlertContext_CarriesCauseSignalsEvidenceAndVersions()
    {
        var c = Payload(TestIncidents.Capacity()).GetProperty("data").GetProperty("alertContext");
        Assert.Equal(("0123456789abcdef", "Open", "capacity"), (c.GetProperty("incidentId").GetString(), c.GetProperty("status").GetString(), c.GetProperty("cause").GetString()));
        Assert.Equal(["2024-08-06"], c.GetProperty("modelVersions").EnumerateArray().Select(v => v.GetString()));
        var s = c.GetProperty("signals")[0];
        Assert.Equal(("latency-p95", "latency_ms", 3245.3, 1000.0), (s.GetProperty("rule").GetString(), s.GetProperty("metric").GetString(), s.GetProperty("peak").GetDouble(), s.GetProperty("threshold").GetDouble()));
        Assert.Equal(("AzureOpenAI", "chat-prod", "2024-08-06", ""), (s.GetProperty("source").GetString(), s.GetProperty("deployment").GetString(), s.GetProperty("modelVersion").GetString(), s.GetProperty("host").GetString()));
        Assert.Equal(["AppInsights", "AzureOpenAI", "Log"], s.GetProperty("sources").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["load_ratio", "requests_per_min", "baseline_requests_per_min"], c.GetProperty("evidence").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void WarningIncidentOfAnomalies_IsSev2Log()
    {
        var sample = TestIncidents.Capacity();
        var incident = sample with
        {
            Severity = Severity.Warning,
            Cause = IncidentCause.Unexplained,
            Signals = [sample.Signals[0] with { Rule = "anomaly:fb_used_pct", Peak = double.NaN }],
        };
        var root = Payload(incident);
        var e = root.GetProperty("data").GetProperty("essentials");
        Assert.Equal(("Sev2", "Log", "incident:unexplained"), (e.GetProperty("severity").GetString(), e.GetProperty("signalType").GetString(), e.GetProperty("alertRule").GetString()));
        Assert.False(root.GetProperty("data").GetProperty("alertContext").GetProperty("signals")[0].TryGetProperty("peak", out _));
    }

    [Fact]
    public void NotificationJson_CarriesTheIncidentOnlyWhenSet()
    {
        var incident = TestIncidents.Capacity();
        var with = Write(w => NotificationJson.Write(w, Note(incident)));
        Assert.Equal("0123456789abcdef", with.GetProperty("Incident").GetProperty("IncidentId").GetString());
        var without = Write(w => NotificationJson.Write(w, Note(incident) with { Incident = null }));
        Assert.False(without.TryGetProperty("Incident", out _));
    }
}
