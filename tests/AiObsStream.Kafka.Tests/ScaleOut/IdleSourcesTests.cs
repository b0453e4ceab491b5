using AiObsStream.Kafka.ScaleOut;

namespace AiObsStream.Kafka.Tests.ScaleOut;

public sealed class IdleSourcesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void Due_OnlyAfterTheEndAndTheTimeout_OnceUntilTheNextMessage()
    {
        var clock = new ManualClock();
        var idle = new IdleSources(clock, Timeout);
        idle.Assigned("aoai/0");
        idle.Message("aoai/0");
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(idle.Due()); // quiet, but not at its end: the consumer is just slow

        idle.AtEnd("aoai/0");
        Assert.Equal(["aoai/0"], idle.Due()); // quiet for 5 s and caught up
        Assert.Empty(idle.Due()); // announced once

        idle.Message("aoai/0");
        idle.AtEnd("aoai/0");
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Empty(idle.Due());
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(["aoai/0"], idle.Due());
    }

    [Fact]
    public void Due_NewlyAssignedCaughtUpSource_AnnouncedAfterTheTimeout_RevokedNever()
    {
        var clock = new ManualClock();
        var idle = new IdleSources(clock, Timeout);
        idle.Assigned("aoai/1");
        idle.Assigned("aoai/2");
        idle.AtEnd("aoai/1");
        idle.AtEnd("aoai/2");
        idle.Revoked("aoai/2");
        Assert.Empty(idle.Due());
        clock.Advance(Timeout);
        Assert.Equal(["aoai/1"], idle.Due());
    }

    /// <summary>Processing time under the test's control.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
