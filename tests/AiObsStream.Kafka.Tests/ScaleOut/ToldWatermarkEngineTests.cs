using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Kafka.Tests.ScaleOut;

/// <summary>
/// The engine hook stage 2 needs: an input that tells its own event time (<see cref="InputBatch.Watermark"/>) is not
/// moved by its records, and <see cref="InputBatch.Positions"/> come back in the checkpoint's offsets.
/// </summary>
public sealed class ToldWatermarkEngineTests
{
    private const long T0 = 1_795_000_000_000;
    private static readonly SeriesDims Dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "", "", "", "", "", ""));

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task Records_AheadOfTheToldTime_DoNotMakeEarlierRecordsLate(bool told, int late)
    {
        // Source A has reached 4 minutes on, source B is still at T0: B's record is on time, because the told time (the
        // minimum over the sources) is still T0; read off the records, the time would have passed T0's window, its
        // lateness (1 minute here) and the disorder (4 minutes stays under the 5 minutes a record may run ahead).
        var input = new ScriptedInput(Batch(told ? T0 : null, T0 + (4 * 60_000)), Batch(told ? T0 : null, T0));
        var sink = new CollectingSink();
        var options = new EngineOptions { Partitions = 1, EventTime = new() { AllowedLateness = TimeSpan.FromMinutes(1) } };
        await new StreamEngine(options).RunAsync([input], sink, CancellationToken.None);
        Assert.Equal(late, sink.DeadLetters.Count(d => d.Reason == RejectReason.Late));
        var finalRows = sink.Rows.Where(r => r.Metric == MetricNames.Requests && r.Dims == Dims)
            .GroupBy(r => r.WindowStartMs).Select(g => g.Last()); // a window's last revision is its final value
        Assert.Equal(2 - late, finalRows.Sum(r => r.Count));
    }

    [Fact]
    public async Task Positions_EndUpInTheCheckpointOffsets()
    {
        var first = Batch(T0, T0);
        first.Positions = new(StringComparer.Ordinal) { ["in#o:aoai/0"] = 41 };
        var input = new ScriptedInput(first) { Hold = new TaskCompletionSource() };
        var control = new EngineControl();
        var run = new StreamEngine(new EngineOptions { Partitions = 1 }).RunAsync([input], new CollectingSink(), CancellationToken.None, control);
        EngineCheckpoint checkpoint;
        var tries = 0;
        do
        {
            checkpoint = await control.RequestCheckpointAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        while (!checkpoint.Offsets.ContainsKey("in#o:aoai/0") && ++tries < 10_000);

        input.Hold.SetResult();
        await run;
        Assert.Equal(41, checkpoint.Offsets["in#o:aoai/0"]);
    }

    private static InputBatch Batch(long? watermark, long recordTime)
    {
        var events = new EventBuffer(4);
        events.Add(TelemetryEvent.NewRequest(recordTime, Dims) with { Status = 200, Success = true, LatencyMs = 100 });
        return new InputBatch { Events = events, Units = 1, MaxTimeUnixMs = recordTime, Watermark = watermark };
    }

    private sealed class ScriptedInput(params InputBatch[] batches) : IInput
    {
        public string Name => "in";

        public TaskCompletionSource? Hold { get; init; }

        public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
        {
            foreach (var b in batches)
            {
                await output.WriteAsync(b, cancellationToken);
            }

            if (Hold is not null)
            {
                await Hold.Task.WaitAsync(cancellationToken);
            }

            output.TryComplete();
        }
    }

    private sealed class CollectingSink : IOutputSink
    {
        public List<MetricRow> Rows { get; } = [];

        public List<DeadLetter> DeadLetters { get; } = [];

        public void WriteRows(IReadOnlyList<MetricRow> rows) => Rows.AddRange(rows);

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => DeadLetters.AddRange(items);

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
