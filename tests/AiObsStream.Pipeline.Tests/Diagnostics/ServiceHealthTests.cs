using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Diagnostics;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Pipeline.Tests.Diagnostics;

/// <summary>Readiness and liveness transitions over a real engine run (a live input whose lag the test sets, fake time).</summary>
public sealed class ServiceHealthTests
{
    [Fact]
    public void Ready_NoRunYet_IsStarting()
    {
        var health = new ServiceHealth(100, () => [], () => [], new FakeTimeProvider());
        var ready = health.Ready();
        Assert.False(ready.Ok);
        Assert.Equal("starting", ready.Status);
        Assert.True(health.Live().Ok);
    }

    [Fact]
    public async Task Ready_FollowsLagCheckpointAgeAndSinkHealth()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var engine = new StreamEngine(new EngineOptions { Clock = clock, Partitions = 2 });
        var input = new LiveInput();
        var sink = new HealthSink();
        var control = new EngineControl { Interval = TimeSpan.FromHours(1) }; // no periodic checkpoint during the test
        var run = engine.RunAsync([input], sink, CancellationToken.None, control);
        var probe = Assert.IsType<EngineProbe>(engine.Live);
        var health = new ServiceHealth(100, () => [probe], () => [sink], clock);
        Assert.True(health.Ready().Ok);

        input.Lag = 5_000; // a partition far behind its end: not caught up
        var behind = health.Ready();
        Assert.Equal("not ready", behind.Status);
        Assert.Contains(behind.Reasons, r => r.StartsWith("lag: 5000 messages behind on 1 partitions", StringComparison.Ordinal));
        input.Lag = 40;
        Assert.True(health.Ready().Ok);

        sink.Problem = "receiver down";
        Assert.Equal(["sink test: receiver down"], health.Ready().Reasons);
        sink.Problem = null;
        Assert.True(health.Ready().Ok);
        Assert.Contains("\"status\":\"ok\"", health.Ready().ToJson(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(1.5)); // within two intervals of the start: still fine
        Assert.True(health.Ready().Ok);
        clock.Advance(TimeSpan.FromHours(1)); // more than two intervals without a checkpoint
        Assert.Contains(health.Ready().Reasons, r => r.StartsWith("checkpoint: none saved for 9000 s (interval 3600 s", StringComparison.Ordinal));
        Assert.True(health.Live().Ok); // late checkpoints make it unready, never restart it

        await control.RequestStopAsync();
        await run;
        Assert.True(health.Live().Ok);
    }

    [Fact]
    public async Task Live_StageFailed_ReportsTheFailure()
    {
        var engine = new StreamEngine(new EngineOptions { Partitions = 1 });
        var file = Path.Combine(Path.GetTempPath(), $"aiobs-health-{Guid.NewGuid():N}.prom");
        await File.WriteAllTextAsync(file, "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"n1\"} 42 1700000000000\n" +
            "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"n1\"} 43 1700000600000\n");
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => engine.RunAsync([file], new ThrowingSink(), CancellationToken.None));
        }
        finally
        {
            File.Delete(file);
        }

        var health = new ServiceHealth(100, () => [engine.Live!], () => [], null);
        var live = health.Live();
        Assert.Equal("failed", live.Status);
        Assert.Contains(live.Reasons, r => r.Contains("disk on fire", StringComparison.Ordinal));
        Assert.Contains(health.Ready().Reasons, r => r.Contains("disk on fire", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_NegativeMaxLag_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceHealth(-1));

    private sealed class LiveInput : IInput
    {
        private long _lag;

        public string Name => "topic/0";

        public bool IsLive => true;

        public long Lag
        {
            get => Interlocked.Read(ref _lag);
            set => Interlocked.Exchange(ref _lag, value);
        }

        public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
        {
            try
            {
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

    private sealed class HealthSink : IOutputSink, ISinkHealth
    {
        public string? Problem { get; set; }

        public string SinkName => "test";

        public SinkHealth Health => new(0, 0, 0, 0, 0, Problem, null);

        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
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

    private sealed class ThrowingSink : IOutputSink
    {
        public void WriteRows(IReadOnlyList<MetricRow> rows) => throw new IOException("disk on fire");

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
