using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Output;

public sealed class IncidentJsonTests
{
    private static string Json(IncidentEvent incident, JavaScriptEncoder? encoder = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = encoder }))
        {
            IncidentJson.Write(writer, incident);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement Parse(IncidentEvent incident) => JsonDocument.Parse(Json(incident)).RootElement;

    [Fact]
    public void Open_WritesEveryKeyInTheDocumentedOrder_WithoutResolvedAt()
    {
        var root = Parse(TestIncidents.Capacity());
        Assert.Equal(
            ["TimeGenerated", "IncidentId", "Status", "OpenedAt", "Cause", "Severity", "Deployments", "ModelVersions", "Hosts", "Signals", "Evidence", "Summary"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-22T11:16:00.000Z", root.GetProperty("TimeGenerated").GetString());
        Assert.Equal("0123456789abcdef", root.GetProperty("IncidentId").GetString());
        Assert.Equal("Open", root.GetProperty("Status").GetString());
        Assert.Equal("2026-11-22T11:15:00.000Z", root.GetProperty("OpenedAt").GetString());
        Assert.Equal("capacity", root.GetProperty("Cause").GetString());
        Assert.Equal("Critical", root.GetProperty("Severity").GetString());
        Assert.Equal(["chat-prod", "chat-prod-b"], root.GetProperty("Deployments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["2024-08-06"], root.GetProperty("ModelVersions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["aks-gpu-0"], root.GetProperty("Hosts").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("Traffic surge on chat-prod", root.GetProperty("Summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Signal_WritesEveryField()
    {
        var signals = Parse(TestIncidents.Capacity()).GetProperty("Signals");
        Assert.Equal(2, signals.GetArrayLength());
        var s = signals[0];
        Assert.Equal(
            ["Rule", "Metric", "Statistic", "Peak", "Threshold", "Severity", "Source", "Sources", "Deployment", "ModelVersion", "Host", "Alerts", "Firing"],
            s.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("latency-p95", "latency_ms", "P95"), (s.GetProperty("Rule").GetString(), s.GetProperty("Metric").GetString(), s.GetProperty("Statistic").GetString()));
        Assert.Equal((3245.3, 1000.0), (s.GetProperty("Peak").GetDouble(), s.GetProperty("Threshold").GetDouble()));
        Assert.Equal(("Warning", "AzureOpenAI"), (s.GetProperty("Severity").GetString(), s.GetProperty("Source").GetString()));
        Assert.Equal(["AppInsights", "AzureOpenAI", "Log"], s.GetProperty("Sources").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("chat-prod", "2024-08-06", ""), (s.GetProperty("Deployment").GetString(), s.GetProperty("ModelVersion").GetString(), s.GetProperty("Host").GetString()));
        Assert.Equal((3, true), (s.GetProperty("Alerts").GetInt32(), s.GetProperty("Firing").GetBoolean()));
        Assert.False(signals[1].GetProperty("Firing").GetBoolean());
    }

    [Fact]
    public void Evidence_IsAnObjectInTheIncidentsOrder()
    {
        var evidence = Parse(TestIncidents.Capacity()).GetProperty("Evidence");
        Assert.Equal(JsonValueKind.Object, evidence.ValueKind);
        Assert.Equal(
            [("load_ratio", 2.61), ("requests_per_min", 1890.0), ("baseline_requests_per_min", 724.0)],
            evidence.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())));
    }

    [Fact]
    public void Resolved_WritesResolvedAtAfterOpenedAt()
    {
        var root = Parse(TestIncidents.Capacity(IncidentStatus.Resolved));
        Assert.Equal("Resolved", root.GetProperty("Status").GetString());
        Assert.Equal("2026-11-22T11:29:00.000Z", root.GetProperty("ResolvedAt").GetString());
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.IndexOf("OpenedAt") + 1, names.IndexOf("ResolvedAt"));
    }

    [Fact]
    public void Resolved_WithoutAnEndTime_UsesTheChangesTime()
    {
        var root = Parse(TestIncidents.Capacity(IncidentStatus.Resolved) with { ResolvedAtMs = null });
        Assert.Equal(root.GetProperty("TimeGenerated").GetString(), root.GetProperty("ResolvedAt").GetString());
    }

    [Fact]
    public void Updated_WithAnEndTimeSet_StillHasNoResolvedAt()
    {
        var root = Parse(TestIncidents.Capacity(IncidentStatus.Updated) with { ResolvedAtMs = TestIncidents.OpenedAt + 1 });
        Assert.Equal("Updated", root.GetProperty("Status").GetString());
        Assert.False(root.TryGetProperty("ResolvedAt", out _));
    }

    [Fact]
    public void NonFiniteNumbers_AreLeftOut_AndRepeatedEvidenceNamesKeepTheFirst()
    {
        var sample = TestIncidents.Capacity();
        var incident = sample with
        {
            Signals = [sample.Signals[0] with { Peak = double.NaN, Threshold = double.PositiveInfinity }],
            Evidence = [new("load_ratio", double.NaN), new("baseline", 3), new("load_ratio", 2.5), new("baseline", 4), new("x", double.NegativeInfinity)],
        };
        var root = Parse(incident);
        var signal = root.GetProperty("Signals")[0];
        Assert.False(signal.TryGetProperty("Peak", out _));
        Assert.False(signal.TryGetProperty("Threshold", out _));
        Assert.Equal([("baseline", 3.0), ("load_ratio", 2.5)], root.GetProperty("Evidence").EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())));
    }

    [Fact]
    public void EmptyLists_AreEmptyArraysAndObjects()
    {
        var incident = TestIncidents.Capacity() with { Deployments = [], ModelVersions = [], Hosts = [], Signals = [], Evidence = [] };
        var root = Parse(incident);
        Assert.Equal(0, root.GetProperty("Deployments").GetArrayLength());
        Assert.Equal(0, root.GetProperty("Signals").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Evidence").ValueKind);
        Assert.Empty(root.GetProperty("Evidence").EnumerateObject());
    }

    [Theory]
    [InlineData(IncidentCause.VersionRegression, "version-regression")]
    [InlineData(IncidentCause.GpuMemory, "gpu-memory")]
    [InlineData(IncidentCause.Unexplained, "unexplained")]
    public void Cause_IsTheWireName(IncidentCause cause, string expected) =>
        Assert.Equal(expected, Parse(TestIncidents.Capacity() with { Cause = cause }).GetProperty("Cause").GetString());

    [Fact]
    public void Strings_AreEscaped_AndRoundTrip()
    {
        const string summary = "p95 \"3.2 s\" on chat\\prod\nnext <line> é → 44 %";
        const string deployment = "chat\"prod\u0001";
        var incident = TestIncidents.Capacity() with
        {
            Summary = summary,
            Deployments = [deployment],
            Evidence = [new EvidenceItem("a\"b", 1)],
        };
        foreach (var encoder in new[] { null, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            var json = Json(incident, encoder);
            Assert.DoesNotContain('\n', json);
            var root = JsonDocument.Parse(json).RootElement;
            Assert.Equal(summary, root.GetProperty("Summary").GetString());
            Assert.Equal(deployment, root.GetProperty("Deployments")[0].GetString());
            Assert.Equal("a\"b", Assert.Single(root.GetProperty("Evidence").EnumerateObject()).Name);
        }
    }

    [Fact]
    public void Alert_CarriesIncidentIdRightAfterAlertId_EmptyWhenNone()
    {
        static List<(string Name, string Value)> Write(AlertEvent alert)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                AlertJson.Write(writer, alert);
            }

            return JsonDocument.Parse(stream.ToArray()).RootElement.EnumerateObject().Take(3).Select(p => (p.Name, p.Value.ToString())).ToList();
        }

        var alert = TestRows.Alerts(1)[0];
        Assert.Equal([("TimeGenerated", Write(alert)[0].Value), ("AlertId", alert.AlertId), ("IncidentId", "")], Write(alert));
        Assert.Equal(("IncidentId", "0123456789abcdef"), Write(alert with { IncidentId = "0123456789abcdef" })[2]);
    }
}
