using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

public class FailureTests
{
    [Fact]
    public async Task SinkThatFails_RunFailsWithItsErrorInsteadOfHanging()
    {
        var engine = new StreamEngine(new EngineOptions { Partitions = 2, ChannelCapacity = 1 });
        var run = engine.RunAsync(TraceFiles.CheckerInputs("h100-trace-a"), new ThrowingSink(), CancellationToken.None);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => run);
        Assert.Contains("disk full", ex.ToString(), StringComparison.Ordinal);
    }

    private sealed class ThrowingSink : IOutputSink
    {
        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
            if (rows.Count > 0)
            {
                throw new IOException("disk full");
            }
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
