using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Sinks;

public sealed class CompositeOutputSinkTests
{
    private sealed class Recorder(List<string> log, string name, bool failOnDispose = false) : IOutputSink
    {
        public void WriteRows(IReadOnlyList<MetricRow> rows) => log.Add($"{name}:rows:{rows.Count}");

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts) => log.Add($"{name}:alerts:{alerts.Count}");

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => log.Add($"{name}:dead:{items.Count}");

        public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents) => log.Add($"{name}:incidents:{incidents.Count}");

        public Task FlushAsync(CancellationToken cancellationToken)
        {
            log.Add($"{name}:flush");
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            log.Add($"{name}:dispose");
            return failOnDispose ? throw new InvalidOperationException(name) : ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Calls_FanOutInOrder_AndDisposeReachesEverySinkEvenAfterAFailure()
    {
        var log = new List<string>();
        var sink = new CompositeOutputSink(new Recorder(log, "a", failOnDispose: true), new Recorder(log, "b"));
        sink.WriteRows([]);
        sink.WriteAlerts([]);
        sink.WriteDeadLetters([]);
        sink.WriteIncidents([TestIncidents.Capacity()]);
        await sink.FlushAsync(CancellationToken.None);
        await Assert.ThrowsAsync<AggregateException>(async () => await sink.DisposeAsync());
        Assert.Equal(
            ["a:rows:0", "b:rows:0", "a:alerts:0", "b:alerts:0", "a:dead:0", "b:dead:0", "a:incidents:1", "b:incidents:1", "a:flush", "b:flush", "a:dispose", "b:dispose"],
            log);
    }
}
