using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Sinks;

public sealed class CompositeOutputSinkTests
{
    private sealed class Recorder(List<string> log, string name, bool failOnDispose = false) : IOutputSink
    {
        public void WriteRows(IReadOnlyList<MetricRow> rows) => log.Add($"{name}:rows:{rows.Count}");

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts) => log.Add($"{name}:alerts:{alerts.Count}");

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => log.Add($"{name}:dead:{items.Count}");

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
        await sink.FlushAsync(CancellationToken.None);
        await Assert.ThrowsAsync<AggregateException>(async () => await sink.DisposeAsync());
        Assert.Equal(
            ["a:rows:0", "b:rows:0", "a:alerts:0", "b:alerts:0", "a:dead:0", "b:dead:0", "a:flush", "b:flush", "a:dispose", "b:dispose"],
            log);
    }
}
