using System.Text;
using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Live ingestion silence through the whole engine, on fake processing time: a live input that stops delivering is
/// reported once nothing arrived for the silence threshold, and resolved when records arrive again.
/// </summary>
public class LiveSilenceEndToEndTests
{
    private static readonly DateTime Start = new(2025, 6, 2, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_LiveInputStopsDelivering_SilenceFiresOnProcessingTimeAndResolvesWhenRecordsArrive()
    {
        var clock = new ManualClock(Start.AddMinutes(3));
        var input = new SteppedLiveInput(
            ReplayCaptures.AzureOpenAi(Start, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(2), perBody: 10),
            ReplayCaptures.AzureOpenAi(Start.AddMinutes(12), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2), perBody: 10));
        var sink = new RecordingSink();
        var engine = new StreamEngine(new EngineOptions { Partitions = 2, Clock = clock });
        using var stop = new CancellationTokenSource();
        var run = engine.RunAsync([input], sink, stop.Token);

        // Records up to 08:03 arrive at 08:03; then nothing arrives for 6 minutes of processing time.
        Assert.True(SpinWait.SpinUntil(() => engine.Progress is { } p && p[0].Events == 90, Wait));
        Assert.Empty(sink.Alerts(a => a.Rule == "ingestion-silence"));
        clock.Now = Start.AddMinutes(9);
        Assert.True(SpinWait.SpinUntil(() => sink.Alerts(a => a.Rule == "ingestion-silence").Count > 0, Wait), "no silence alert");
        var firing = Assert.Single(sink.Alerts(a => a.Rule == "ingestion-silence"));
        Assert.Equal((AlertStatus.Firing, Severity.Critical), (firing.Status, firing.Severity));
        Assert.True(firing.Summary.EndsWith("input live-aoai", StringComparison.Ordinal), firing.Summary);

        // Records arrive again at 08:14 (event times 08:12 on): the silence resolves.
        clock.Now = Start.AddMinutes(14);
        input.Resume();
        Assert.True(SpinWait.SpinUntil(() => engine.Progress![0].Events == 150, Wait));
        await stop.CancelAsync();
        var summary = await run;

        var silence = sink.Alerts(a => a.Rule == "ingestion-silence");
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], silence.Select(a => a.Status));
        Assert.Equal(150, summary.Events);
        Assert.Equal(150, sink.Rows(r => r.Metric == DefaultRules.IngestRecords && r.Kind == RowKind.Final).Sum(r => r.Count));
    }

    private sealed class ManualClock(DateTime now) : TimeProvider
    {
        private long _ticks = now.Ticks;

        public DateTime Now
        {
            set => Interlocked.Exchange(ref _ticks, value.Ticks);
        }

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }

    /// <summary>A live input (like a Kafka partition): delivers its first bodies, says it is caught up, waits, delivers the rest.</summary>
    private sealed class SteppedLiveInput(List<string> first, List<string> second) : IInput
    {
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "live-aoai";

        public bool IsLive => true;

        public void Resume() => _resume.TrySetResult();

        public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
        {
            var options = new InputOptions();
            using var router = new UnitRouter(options);
            var builder = new BatchBuilder(Name, options);
            var offset = 0L;
            try
            {
                foreach (var part in new[] { first, second })
                {
                    foreach (var body in part)
                    {
                        router.Accept(builder, Encoding.UTF8.GetBytes(body), offset++);
                    }

                    await output.WriteAsync(builder.Take(), cancellationToken);
                    await output.WriteAsync(new InputBatch { Events = new EventBuffer(1), Idle = true }, cancellationToken);
                    if (part == first)
                    {
                        await _resume.Task.WaitAsync(cancellationToken);
                    }
                }

                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // the run ended
            }
            finally
            {
                output.TryComplete();
            }
        }
    }

    private sealed class RecordingSink : IOutputSink
    {
        private readonly Lock _gate = new();
        private readonly List<MetricRow> _rows = [];
        private readonly List<AlertEvent> _alerts = [];

        public List<AlertEvent> Alerts(Func<AlertEvent, bool> where)
        {
            lock (_gate)
            {
                return _alerts.Where(where).ToList();
            }
        }

        public List<MetricRow> Rows(Func<MetricRow, bool> where)
        {
            lock (_gate)
            {
                return _rows.Where(where).ToList();
            }
        }

        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
            lock (_gate)
            {
                _rows.AddRange(rows);
            }
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
            lock (_gate)
            {
                _alerts.AddRange(alerts);
            }
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
