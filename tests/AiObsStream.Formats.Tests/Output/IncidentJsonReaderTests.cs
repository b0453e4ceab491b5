using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.TestKit;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Output;

public sealed class IncidentJsonReaderTests
{
    private static string Json(IncidentEvent incident)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            IncidentJson.Write(writer, incident);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (bool Ok, IncidentEvent? Incident, string? Error) Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var ok = IncidentJsonReader.TryRead(doc.RootElement, out var incident, out var error);
        return (ok, incident, error);
    }

    [Theory]
    [InlineData(IncidentStatus.Open)]
    [InlineData(IncidentStatus.Updated)]
    [InlineData(IncidentStatus.Resolved)]
    public void TryRead_WhatIncidentJsonWrote_WritesTheSameBytesAgain(IncidentStatus status)
    {
        var json = Json(TestIncidents.Capacity(status));

        var (ok, incident, error) = Read(json);

        Assert.True(ok, error);
        Assert.Equal(json, Json(incident!));
        Assert.Equal(status, incident!.Status);
        Assert.Equal(TestIncidents.OpenedAt, incident.OpenedAtMs);
        Assert.Equal(status == IncidentStatus.Resolved ? TestIncidents.OpenedAt + 840_000 : null, incident.ResolvedAtMs);
    }

    [Fact]
    public void TryRead_NonFiniteNumbersLeftOut_ReadAsNaN_AndRoundTrip()
    {
        var incident = TestIncidents.Capacity() with
        {
            Signals = [TestIncidents.Capacity().Signals[0] with { Peak = double.NaN, Threshold = double.PositiveInfinity }],
            Evidence = [new EvidenceItem("load_ratio", double.NaN), new EvidenceItem("rpm", 5)],
        };
        var json = Json(incident);

        var (ok, read, _) = Read(json);

        Assert.True(ok);
        Assert.True(double.IsNaN(read!.Signals[0].Peak) && double.IsNaN(read.Signals[0].Threshold));
        Assert.Equal([new EvidenceItem("rpm", 5)], read.Evidence);
        Assert.Equal(json, Json(read));
    }

    [Theory]
    [InlineData("IncidentId", "IncidentId is missing")]
    [InlineData("TimeGenerated", "TimeGenerated is missing")]
    [InlineData("Signals", "Signals is missing")]
    [InlineData("Evidence", "Evidence is missing")]
    [InlineData("Deployments", "Deployments is missing")]
    public void TryRead_KeyMissing_FalseNamingIt(string key, string expected)
    {
        var node = JsonNode.Parse(Json(TestIncidents.Capacity()))!.AsObject();
        node.Remove(key);

        var (ok, incident, error) = Read(node.ToJsonString());

        Assert.False(ok);
        Assert.Null(incident);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cause", "\"meteor\"", "Cause 'meteor' is not a known cause")]
    [InlineData("Status", "\"Closed\"", "Status 'Closed'")]
    [InlineData("Severity", "\"Sev0\"", "Severity 'Sev0'")]
    [InlineData("Status", "\"7\"", "Status '7'")]
    [InlineData("OpenedAt", "\"yesterday\"", "OpenedAt is missing or not a time")]
    [InlineData("Summary", "42", "Summary is missing or not a string")]
    [InlineData("Hosts", "[1]", "Hosts holds a non-string")]
    [InlineData("Signals", "[{}]", "incident:")]
    public void TryRead_KeyOfTheWrongKind_FalseWithTheReason(string key, string value, string expected)
    {
        var node = JsonNode.Parse(Json(TestIncidents.Capacity()))!.AsObject();
        node[key] = JsonNode.Parse(value);

        var (ok, _, error) = Read(node.ToJsonString());

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NotAnObject_False() => Assert.False(Read("[1,2]").Ok);

    [Fact]
    public void TryRead_AnyJsonValue_NeverThrows()
    {
        var template = Json(TestIncidents.Capacity());
        var keys = JsonNode.Parse(template)!.AsObject().Select(p => p.Key).ToArray();
        var values = new[] { "null", "1", "-1e400", "\"\"", "\"x\"", "[]", "{}", "true", "[\"a\",null]", "{\"a\":\"b\"}", "\"2026-13-40T99:00:00Z\"" };
        Prop.ForAll(Gen.Elements(keys).ToArbitrary(), Gen.Elements(values).ToArbitrary(), (key, value) =>
        {
            var node = JsonNode.Parse(template)!.AsObject();
            node[key] = JsonNode.Parse(value);
            var (ok, incident, error) = Read(node.ToJsonString());
            return ok ? incident is not null : error is { Length: > 0 };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryRead_AnyIncident_RoundTripsByteForByte()
    {
        var gen =
            from peak in Gen.Choose(-1_000_000, 1_000_000)
            from alerts in Gen.Choose(0, 50)
            from cause in Gen.Elements(IncidentCauses.All.ToArray())
            from status in Gen.Elements(IncidentStatus.Open, IncidentStatus.Updated, IncidentStatus.Resolved)
            from severity in Gen.Elements(Severity.Warning, Severity.Critical)
            from offset in Gen.Choose(0, int.MaxValue)
            from name in Gen.Elements("chat-prod", "é\"\\\u2028", "", "embed")
            select TestIncidents.Capacity(status) with
            {
                Cause = cause,
                Severity = severity,
                OpenedAtMs = TestIncidents.OpenedAt + offset,
                Deployments = [name],
                Signals = [TestIncidents.Capacity().Signals[0] with { Peak = peak / 7.0, Alerts = alerts, Deployment = name }],
                Summary = name,
            };
        Prop.ForAll(gen.ToArbitrary(), incident =>
        {
            var json = Json(incident);
            var (ok, read, _) = Read(json);
            return ok && Json(read!) == json;
        }).QuickCheckThrowOnFailure();
    }
}
