using AiObsStream.Kafka.ScaleOut;

namespace AiObsStream.Kafka.Tests.ScaleOut;

public sealed class StandByTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);

    [Fact]
    public void ShouldStop_QuietAndAssignedForTheIdleTime_Stops()
    {
        var clock = new ManualClock();
        var standBy = new StandBy(clock, Idle);
        Assert.False(standBy.ShouldStop(quiet: true, awaitingAssignment: false));
        clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.False(standBy.ShouldStop(quiet: true, awaitingAssignment: false));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(standBy.ShouldStop(quiet: true, awaitingAssignment: false));
    }

    [Fact]
    public void ShouldStop_RebalanceUnderWay_NeverStops_AndTheIdleTimeStartsAgainAfterIt()
    {
        // After a SIGKILL the next assignment waits for the dead member's session to time out (9 s here, idle 3 s):
        // a member with its tasks revoked and its stage 1 caught up must wait for it, not leave the tasks to nobody.
        var clock = new ManualClock();
        var standBy = new StandBy(clock, Idle);
        for (var i = 0; i < 90; i++)
        {
            Assert.False(standBy.ShouldStop(quiet: true, awaitingAssignment: true));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.False(standBy.ShouldStop(quiet: true, awaitingAssignment: false)); // an empty assignment arrived: the idle time starts now
        clock.Advance(Idle);
        Assert.True(standBy.ShouldStop(quiet: true, awaitingAssignment: false));
    }

    [Fact]
    public void ShouldStop_StageOneBusy_RestartsTheIdleTime_AndWithoutAnIdleStopNever()
    {
        var clock = new ManualClock();
        var standBy = new StandBy(clock, Idle);
        clock.Advance(Idle);
        Assert.False(standBy.ShouldStop(quiet: false, awaitingAssignment: false));
        clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.False(standBy.ShouldStop(quiet: true, awaitingAssignment: false));

        var forever = new StandBy(clock, stopWhenIdle: null);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(forever.ShouldStop(quiet: true, awaitingAssignment: false));
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
