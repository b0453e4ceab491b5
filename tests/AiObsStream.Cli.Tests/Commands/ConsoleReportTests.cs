using AiObsStream.Cli.Commands;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Commands;

public sealed class ConsoleReportTests
{
    private const string Out = "/tmp/out";

    private static RunSummary Summary(IReadOnlyList<IncidentEvent> incidents, IReadOnlyList<AlertEvent> firing, long opened = -1) => new()
    {
        Inputs = [],
        Duplicates = 0,
        Aggregated = 0,
        RowsWritten = 10,
        AlertEvents = 48,
        AlertsFiring = 27,
        FiringAlerts = firing,
        Notifications = 16,
        Incidents = incidents,
        IncidentsOpened = opened < 0 ? incidents.Count : opened,
        IncidentEvents = incidents.Count * 2,
        DeadLetters = 0,
        Elapsed = TimeSpan.FromSeconds(1),
    };

    private static string[] Print(RunSummary summary)
    {
        using var w = new StringWriter();
        ConsoleReport.Print(summary, Out, w);
        return w.ToString().Split(Environment.NewLine);
    }

    private static IncidentEvent Regression() => TestIncidents.Capacity(IncidentStatus.Resolved, "fedcba9876543210") with
    {
        Cause = IncidentCause.VersionRegression,
        OpenedAtMs = TestIncidents.OpenedAt + 3_600_000,
        Deployments = ["chat-prod"],
        ModelVersions = ["2024-11-20"],
        Hosts = [],
        Evidence = [new("latency_p95_before_ms", 887), new("latency_p95_after_ms", 1710), new("requests_per_min_ratio", 1.02)],
        Signals = [TestIncidents.Capacity().Signals[0] with { Peak = 1710, ModelVersion = "2024-11-20" }],
    };

    [Fact]
    public void Incidents_LeadTheSummary_OneLineEach_ThenRawAlertCounts()
    {
        var covered = TestRows.Alerts(3).Select(a => a with { IncidentId = "0123456789abcdef" }).ToList();
        var lines = Print(Summary([TestIncidents.Capacity(), Regression()], covered));

        Assert.Equal("Incidents: 2 (1 capacity, 1 version-regression)", lines[2]);
        Assert.StartsWith("  11:15 capacity           chat-prod,chat-prod-b,aks-gpu-0 2024-08-06   load 2.6x, requests per min 1,890, baseline requests per min 724; ", lines[3], StringComparison.Ordinal);
        Assert.Contains("latency-p95 3.25 s (>1 s)", lines[3], StringComparison.Ordinal);
        Assert.Contains("throttle-rate 44 % (>5 %)", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("[open]", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("  12:15 version-regression chat-prod            2024-11-20   latency p95 before 887 ms, latency p95 after 1.71 s, requests per min 1.0x; latency-p95 1.71 s (>1 s)", lines[4], StringComparison.Ordinal);
        Assert.DoesNotContain("[open]", lines[4], StringComparison.Ordinal);
        Assert.Equal("Raw alerts: 27 raised, 48 state changes, 16 notifications", lines[5]);
        Assert.Equal($"  every alert, with its IncidentId, in {Path.Combine(Out, "alerts.jsonl")}", lines[6]); // covered alerts are not listed
        Assert.True(Array.IndexOf(lines, "Inputs:") > 6);
    }

    [Fact]
    public void Incidents_OnDifferentDays_ShowTheirDates()
    {
        var later = Regression() with { OpenedAtMs = TestIncidents.OpenedAt + (200L * 86_400_000) };
        var lines = Print(Summary([TestIncidents.Capacity(), later], []));
        Assert.StartsWith("  2026-11-22 11:15 capacity", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("  2027-06-10 11:15 version-regression", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void RawAlertsNoIncidentCovers_AtMostAFewListed_TheRestPointToAlertsJsonl()
    {
        var loose = TestRows.Alerts(8);
        var lines = Print(Summary([TestIncidents.Capacity()], loose));
        var raw = Array.FindIndex(lines, l => l.StartsWith("Raw alerts:", StringComparison.Ordinal));
        Assert.Equal(5, lines.Skip(raw + 1).TakeWhile(l => !l.StartsWith("  ...", StringComparison.Ordinal)).Count());
        Assert.Equal($"  ... 3 more; every alert, with its IncidentId, in {Path.Combine(Out, "alerts.jsonl")}", lines[raw + 6]);
    }

    [Fact]
    public void NoIncidents_SaysSo_AndListsTheRawAlerts()
    {
        var lines = Print(Summary([], TestRows.Alerts(7)));
        Assert.Equal("Incidents: none", lines[2]);
        Assert.Equal("Raw alerts: 27 raised, 48 state changes, 16 notifications", lines[3]);
        Assert.Equal(7, lines.Count(l => l.Contains(TestRows.Alerts(7)[0].Summary, StringComparison.Ordinal)));
    }

    [Fact]
    public void MoreIncidentsThanKept_CountsAllAndPointsToIncidentsJsonl()
    {
        var lines = Print(Summary([TestIncidents.Capacity()], [], opened: 45));
        Assert.Equal("Incidents: 45 (1 capacity)", lines[2]);
        Assert.Contains($"  ... 44 more in {Path.Combine(Out, "incidents.jsonl")}", lines);
    }

    [Fact]
    public void ShareSignal_ReadsAsPercent_WhateverTheMetricName()
    {
        var sample = TestIncidents.Capacity();
        var incident = sample with
        {
            Evidence = [],
            Signals = [sample.Signals[1] with { Rule = "http-429-share", Metric = "http_429", Statistic = Statistic.Share, Peak = 0.442, Threshold = 0.01 }],
        };
        Assert.Equal("http-429-share 44.2 % (>1 %)", ConsoleReport.Evidence(incident));
    }

    [Theory]
    [InlineData("load_ratio", 2.61, "load 2.6x")]
    [InlineData("error_share", 0.05, "error 5 %")]
    [InlineData("ttft_p95_after_ms", 2900, "ttft p95 after 2.9 s")]
    [InlineData("ttft_p95_before_ms", 412.4, "ttft p95 before 412 ms")]
    [InlineData("fb_used_pct", 97.25, "fb used 97.3 %")]
    [InlineData("spend_usd", 1234.5, "spend 1,235 USD")]
    [InlineData("requests_per_min", 1890, "requests per min 1,890")]
    public void EvidenceText_ReadsTheUnitFromTheName(string name, double value, string expected) =>
        Assert.Equal(expected, ConsoleReport.EvidenceText(name, value));
}
