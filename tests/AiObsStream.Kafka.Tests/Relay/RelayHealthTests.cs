using AiObsStream.Kafka.Relay;
using AiObsStream.Pipeline.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Kafka.Tests.Relay;

/// <summary>The relay's probes on a fake clock: starting, caught up, behind, a batch that does not settle, a sink fault, a failure.</summary>
public sealed class RelayHealthTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private readonly List<ISinkHealth> _sinks = [];

    [Fact]
    public void Ready_BeforeTheAssignment_IsStarting_AndAfterARevocation_Rebalancing()
    {
        var (progress, health) = Create();
        Assert.Equal(("starting", "relay: waiting for the partition assignment of its group"), Status(health.Ready()));

        progress.Assigned([("alerts", 0)]);
        progress.Read("alerts", 0, 5, endOfPartition: true);
        Assert.True(health.Ready().Ok);

        progress.Revoked("alerts", 0, closing: false);
        Assert.Equal("starting", health.Ready().Status);
        Assert.StartsWith("relay: rebalance under way", health.Ready().Reasons[0], StringComparison.Ordinal);
        progress.Revoked("alerts", 0, closing: true);
        Assert.True(health.Ready().Ok, "leaving the group at a stop is not a rebalance");
        Assert.True(health.Live().Ok);
    }

    [Fact]
    public void Ready_LagUnknownOrAboveTheBound_IsNotReady_UntilCaughtUp()
    {
        var (progress, health) = Create(maxLag: 10);
        progress.Assigned([("alerts", 0), ("alerts", 1)]);
        Assert.Equal(["lag: not known yet on 2 of 2 partitions (no fetch answered)"], health.Ready().Reasons);

        progress.Read("alerts", 0, 0, endOfPartition: false);
        progress.Read("alerts", 1, 3, endOfPartition: true);
        progress.UpdateLag((_, p) => p == 0 ? 12 : 4); // partition 0: 11 behind (next is 1); partition 1: 1 behind
        Assert.Equal(["lag: 12 messages behind (more than service.readyMaxLag 10)"], health.Ready().Reasons);
        Assert.Equal([new PartitionLag("alerts", 0, 11), new PartitionLag("alerts", 1, 1)], progress.Partitions());

        progress.Read("alerts", 0, 11, endOfPartition: false);
        progress.UpdateLag((_, _) => 12);
        Assert.True(health.Ready().Ok);
    }

    [Fact]
    public void Ready_ABatchInHandLongerThanTheBound_IsNotReady_UntilItsCheckpoint()
    {
        var (progress, health) = Create();
        progress.Assigned([("alerts", 0)]);
        progress.Read("alerts", 0, 0, endOfPartition: true);
        progress.BatchStarted(4);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(health.Ready().Ok, "a minute of retries is within the bound");

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(["checkpoint: none written for 180 s while 4 messages wait (a batch not settling: see the sinks)"], health.Ready().Reasons);

        progress.Checkpointed(TimeSpan.FromMilliseconds(3));
        progress.BatchEnded(completed: true);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.True(health.Ready().Ok, "idle with nothing waiting: an old checkpoint is fine");
        Assert.Equal(1, progress.Batches);
        Assert.Equal(TimeSpan.FromMilliseconds(3), progress.LastCheckpointDuration);
    }

    [Fact]
    public void Probes_ASinkFault_IsNotReady_AFailure_IsNotLive()
    {
        var (progress, health) = Create();
        progress.Assigned([]);
        _sinks.Add(new FakeSink("webhook: dead-letter file x cannot be written"));
        Assert.Equal(["sink webhook: webhook: dead-letter file x cannot be written"], health.Ready().Reasons);
        Assert.True(health.Live().Ok, "a sink fault never asks for a restart");

        progress.Failed("relay failed: broker gone");
        Assert.Equal(("failed", "relay failed: broker gone"), Status(health.Live()));
        Assert.Equal("failed", health.Ready().Status);
    }

    private static (string Status, string Reason) Status(HealthReport report) => (report.Status, Assert.Single(report.Reasons));

    private (RelayProgress Progress, RelayHealth Health) Create(long maxLag = 1000)
    {
        var progress = new RelayProgress(_time);
        return (progress, new RelayHealth(progress, maxLag, () => _sinks));
    }

    private sealed class FakeSink(string? problem) : ISinkHealth
    {
        public string SinkName => "webhook";

        public SinkHealth Health => new(0, 0, 1, 0, 0, problem, problem);
    }
}
