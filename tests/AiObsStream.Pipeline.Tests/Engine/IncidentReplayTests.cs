using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;
using Xunit.Abstractions;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>The incident layer end to end on the bundled H100 trace: one incident per real event, each announced once.</summary>
[Trait("Category", "Integration")]
public class IncidentReplayTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    internal sealed class RecordingSink : IOutputSink
    {
        public List<AlertEvent> Alerts { get; } = [];

        public List<IncidentEvent> Incidents { get; } = [];

        public List<Notification> Notifications { get; } = [];

        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts) => Alerts.AddRange(alerts);

        public void WriteNotifications(IReadOnlyList<Notification> notifications) => Notifications.AddRange(notifications);

        public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents) => Incidents.AddRange(incidents);

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static long At(int hour, int minute, int second) => Day.AddHours(hour).AddMinutes(minute).AddSeconds(second).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Replay_H100TraceA_OneIncidentPerRealEventAnnouncedOnce(int partitions)
    {
        var sink = new RecordingSink();
        var summary = await new StreamEngine(new EngineOptions { Partitions = partitions })
            .RunAsync(TraceFiles.CheckerInputs("h100-trace-a"), sink, CancellationToken.None);
        foreach (var e in sink.Incidents)
        {
            output.WriteLine($"{e.Status} {e.Cause} {e.IncidentId} opened {DateTimeOffset.FromUnixTimeMilliseconds(e.OpenedAtMs):HH:mm:ss} "
                + $"signals [{string.Join(", ", e.Signals.Select(s => $"{s.Rule}/{s.Source}({s.Sources.Count}) {s.Peak:0.###}"))}] | {e.Summary}");
        }

        var opened = sink.Incidents.Where(e => e.Status == IncidentStatus.Open).ToList();
        var capacity = Assert.Single(opened, e => e.Cause == IncidentCause.Capacity);
        Assert.InRange(capacity.OpenedAtMs, At(11, 15, 0), At(11, 16, 0));
        var regression = Assert.Single(opened, e => e.Cause == IncidentCause.VersionRegression);
        Assert.InRange(regression.OpenedAtMs, At(11, 16, 0), At(11, 17, 0));
        Assert.Contains("2024-11-20", regression.ModelVersions);
        var memory = Assert.Single(opened, e => e.Cause == IncidentCause.GpuMemory);
        Assert.InRange(memory.OpenedAtMs, At(11, 18, 0), At(11, 19, 0));
        Assert.InRange(opened.Count, 3, 4);
        Assert.All(opened.Where(e => e.Cause is not (IncidentCause.Capacity or IncidentCause.VersionRegression or IncidentCause.GpuMemory)),
            e => Assert.Equal(IncidentCause.GpuUnderutilized, e.Cause));

        // the burst's latency is one signal over the sources that saw the calls, shown from the service-side log
        var latency = Assert.Single(sink.Incidents.Last(e => e.IncidentId == capacity.IncidentId).Signals, s => s.Rule == "latency-p95");
        Assert.Equal(["AppInsights", "AzureOpenAI"], latency.Sources);
        Assert.Equal("AzureOpenAI", latency.Source);

        // every raw alert carries an incident id that exists
        var ids = sink.Incidents.Select(e => e.IncidentId).ToHashSet(StringComparer.Ordinal);
        Assert.All(sink.Alerts, a => Assert.Contains(a.IncidentId, ids));

        // each incident announced once
        foreach (var incident in opened)
        {
            Assert.Single(sink.Notifications, n => n.Status == AlertStatus.Firing && n.Incident?.IncidentId == incident.IncidentId);
        }

        output.WriteLine($"{sink.Alerts.Count} alert events, {sink.Notifications.Count} notifications");
        Assert.Equal(opened.Count, summary.IncidentsOpened);
        Assert.Equal(sink.Incidents.Count, summary.IncidentEvents);
        Assert.Equal(opened.Count, summary.Incidents.Count);
    }
}
