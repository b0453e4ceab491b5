using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Tests.Versions;

public class RolloutDetectorTests
{
    private readonly RolloutDetector _detector = new(new RegressionOptions());

    private static List<RolloutEvent> Observe(RolloutDetector detector, int minute, params (string, long)[] mix)
    {
        var events = new List<RolloutEvent>();
        detector.Observe(minute * 60_000L, "chat", mix, events);
        return events;
    }

    private List<RolloutEvent> Observe(int minute, params (string, long)[] mix) => Observe(_detector, minute, mix);

    [Fact]
    public void Observe_FirstWindowWithTwoVersions_ReportsNothing()
    {
        Assert.Empty(Observe(0, ("a", 60), ("b", 40)));
        Assert.Null(_detector.Active("chat"));
        Assert.Equal("a", _detector.Dominant("chat"));
    }

    [Fact]
    public void Observe_NewVersionAppears_ReportsRolloutAgainstDominant()
    {
        Observe(0, ("a", 100));
        var e = Assert.Single(Observe(1, ("a", 90), ("b", 10)));

        Assert.Equal(new RolloutEvent(RolloutKind.Rollout, "chat", "b", "a", 60_000, 0.1), e);
        Assert.Equal(new ActiveRollout("b", "a", 60_000), _detector.Active("chat"));
    }

    [Fact]
    public void Observe_NewVersionBelowMinimumShare_IsIgnored()
    {
        Observe(0, ("a", 100));

        Assert.Empty(Observe(1, ("a", 99), ("b", 1)));
        Assert.Null(_detector.Active("chat"));
    }

    [Fact]
    public void Observe_NewVersionTakesMajority_ReportsCompletionAndKeepsComparing()
    {
        Observe(0, ("a", 100));
        Observe(1, ("a", 80), ("b", 20));
        var e = Assert.Single(Observe(2, ("a", 10), ("b", 90)));

        Assert.Equal(RolloutKind.Completed, e.Kind);
        Assert.Equal(new ActiveRollout("b", "a", 60_000), _detector.Active("chat"));
    }

    [Fact]
    public void Observe_KnownVersionTakesMajority_ReportsMixShift()
    {
        Observe(0, ("a", 60), ("b", 40));
        var e = Assert.Single(Observe(1, ("a", 30), ("b", 70)));

        Assert.Equal(RolloutKind.MixShift, e.Kind);
        Assert.Equal(("b", "a"), (e.Version, e.PreviousVersion));
        Assert.Equal(new ActiveRollout("b", "a", 60_000), _detector.Active("chat"));
    }

    [Fact]
    public void Observe_PreviousVersionTakesMajorityBack_ReportsRollback()
    {
        Observe(0, ("a", 100));
        Observe(1, ("b", 100));
        var e = Assert.Single(Observe(2, ("a", 100)));

        Assert.Equal(new RolloutEvent(RolloutKind.Rollback, "chat", "b", "a", 120_000, 1.0), e);

        // changed with issue #11 (was: no active rollout): the rolled-back rollout stays under retrospective comparison
        Assert.Equal(new ActiveRollout("b", "a", 60_000, 120_000), _detector.Active("chat"));
    }

    [Fact]
    public void Observe_CanaryFadesForRollbackWindows_ReportsRollback()
    {
        Observe(0, ("a", 100));
        Observe(1, ("a", 90), ("b", 10));
        Assert.Empty(Observe(2, ("a", 100)));
        var e = Assert.Single(Observe(3, ("a", 100)));

        Assert.Equal(RolloutKind.Rollback, e.Kind);
        Assert.Equal("b", e.Version);
        Assert.Equal(new ActiveRollout("b", "a", 60_000, 180_000), _detector.Active("chat")); // changed with issue #11 (was null)
    }

    [Fact]
    public void Observe_RolledBackRollout_StaysForCandidateWindowsThenEnds()
    {
        var detector = new RolloutDetector(new RegressionOptions { CandidateWindows = 3 }, 60_000);
        Observe(detector, 0, ("a", 100));
        Observe(detector, 1, ("b", 100));
        Observe(detector, 2, ("a", 100));

        Assert.Empty(Observe(detector, 4, ("a", 100)));
        Assert.True(detector.Active("chat")!.RolledBack);
        Assert.Empty(Observe(detector, 5, ("a", 100)));
        Assert.Null(detector.Active("chat"));
    }

    [Fact]
    public void Observe_ReRolloutAfterRollback_StartsANewComparison()
    {
        Observe(0, ("a", 100));
        Observe(1, ("b", 100));
        Observe(2, ("a", 100));
        var e = Assert.Single(Observe(3, ("b", 100)));

        Assert.Equal((RolloutKind.MixShift, "b", "a"), (e.Kind, e.Version, e.PreviousVersion));
        Assert.Equal(new ActiveRollout("b", "a", 180_000), _detector.Active("chat"));
    }

    [Fact]
    public void Observe_TraceStartsOnNewerVersionThenOlderAppears_IsARollbackJudgedRetrospectively()
    {
        Observe(0, ("2024-11-20", 100));
        var e = Assert.Single(Observe(1, ("2024-08-06", 100)));

        Assert.Equal(new RolloutEvent(RolloutKind.Rollback, "chat", "2024-11-20", "2024-08-06", 60_000, 1.0), e);
        Assert.Equal(new ActiveRollout("2024-11-20", "2024-08-06", long.MinValue, 60_000), _detector.Active("chat"));
        Assert.Empty(Observe(2, ("2024-08-06", 100)));
    }

    [Fact]
    public void Forget_EndsTheComparison()
    {
        Observe(0, ("a", 100));
        Observe(1, ("b", 100));
        _detector.Forget("chat");
        _detector.Forget("unknown");

        Assert.Null(_detector.Active("chat"));
    }

    [Fact]
    public void Observe_NewerVersionDuringRollout_SupersedesTheComparison()
    {
        Observe(0, ("a", 100));
        Observe(1, ("b", 100));
        var e = Assert.Single(Observe(2, ("b", 60), ("c", 40)));

        Assert.Equal(("c", "b", RolloutKind.Rollout), (e.Version, e.PreviousVersion, e.Kind));
        Assert.Equal(new ActiveRollout("c", "b", 120_000), _detector.Active("chat"));
    }

    [Fact]
    public void SaveState_RestoreState_ContinuesIdentically()
    {
        Observe(0, ("a", 100));
        Observe(1, ("a", 90), ("b", 10));
        Observe(2, ("a", 100));
        using var stream = new MemoryStream();
        _detector.SaveState(new BinaryWriter(stream));
        stream.Position = 0;
        var restored = new RolloutDetector(new RegressionOptions());
        restored.RestoreState(new BinaryReader(stream));

        Assert.Equal(Observe(3, ("a", 100)), Observe(restored, 3, ("a", 100))); // the second fading window: rollback in both
        Assert.Equal(_detector.Active("chat"), restored.Active("chat"));
        Assert.Equal(_detector.Dominant("chat"), restored.Dominant("chat"));
    }
}
