using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Tests.Evaluation.Incidents;

public class IncidentScorerTests
{
    private const long Min = 60_000;
    private const long T0 = 1_800_000_000_000;

    private static TruthIncident Truth(IncidentCause cause, long startMin, long endMin, string[]? deployments = null, string[]? hosts = null) =>
        new(cause, T0 + (startMin * Min), T0 + (endMin * Min), deployments ?? ["chat-prod"], hosts ?? ["aks-gpu-0"], "t");

    private static PredictedIncident Predicted(IncidentCause cause, double openMin, string[]? deployments = null, string[]? hosts = null, int notifications = 1, string id = "p") =>
        new(id, T0 + (long)(openMin * Min), cause, deployments ?? ["chat-prod"], hosts ?? [], notifications);

    private static ScenarioTruth Run(long minutes, params TruthIncident[] incidents) => new("run", T0, T0 + (minutes * Min), incidents);

    [Fact]
    public void Score_SameCauseScopeInWindow_DetectedWithDelayFromStart()
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.Capacity, 10, 14)), [Predicted(IncidentCause.Capacity, 11.5)]);

        Assert.Equal(90_000, score.Truths[0].DelayMs);
        Assert.True(score.Predictions[0].Matched);
        Assert.False(score.Predictions[0].False);
    }

    [Theory]
    [InlineData(8.99, false)] // more than a minute early
    [InlineData(9.0, true)] // exactly one minute early: detected, delay clamped to 0
    [InlineData(24.0, true)] // exactly ten minutes after the end
    [InlineData(24.01, false)] // later: too late to help
    public void Score_OpenTimeAtToleranceEdges_MatchesOnlyInside(double openMin, bool detected)
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.Capacity, 10, 14)), [Predicted(IncidentCause.Capacity, openMin)]);

        Assert.Equal(detected, score.Truths[0].Detected);
        Assert.Equal(!detected, score.Predictions[0].False);
        if (detected && openMin < 10)
        {
            Assert.Equal(0, score.Truths[0].DelayMs);
        }
    }

    [Fact]
    public void Score_WrongCause_MissedNotMatchedButNotFalse()
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.Capacity, 10, 14)), [Predicted(IncidentCause.VersionRegression, 11)]);

        Assert.False(score.Truths[0].Detected);
        Assert.False(score.Predictions[0].Matched); // counts against version-regression precision
        Assert.False(score.Predictions[0].False); // it is about a real problem: not a false incident
    }

    [Fact]
    public void Score_DisjointScope_MissedAndFalse()
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.GpuHardware, 10, 12, ["chat-mini"], ["aks-gpu-1"])),
            [Predicted(IncidentCause.GpuHardware, 10, ["chat-prod"], ["aks-gpu-0"])]);

        Assert.False(score.Truths[0].Detected);
        Assert.True(score.Predictions[0].False);
    }

    [Fact]
    public void Score_SharedHostOnly_Detected()
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.GpuUnderutilized, 10, 25, ["embed"], ["aks-gpu-1"])),
            [Predicted(IncidentCause.GpuUnderutilized, 20, [], ["aks-gpu-1"])]);

        Assert.True(score.Truths[0].Detected);
    }

    [Fact]
    public void Score_EmptyTruthScope_MatchesAnyScope()
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.Ingestion, 10, 18, [], [])),
            [Predicted(IncidentCause.Ingestion, 15, ["whatever"], ["elsewhere"])]);

        Assert.True(score.Truths[0].Detected);
    }

    [Fact]
    public void Score_TwoMatches_EarliestGivesDelayBothMatched()
    {
        var score = IncidentScorer.Score(Run(60, Truth(IncidentCause.GpuMemory, 10, 13)),
            [Predicted(IncidentCause.GpuMemory, 15, id: "late"), Predicted(IncidentCause.GpuMemory, 10.5, id: "early")]);

        Assert.Equal(30_000, score.Truths[0].DelayMs);
        Assert.All(score.Predictions, p => Assert.True(p.Matched));
    }

    [Fact]
    public void HealthyMs_OverlappingWidenedWindowsCountOnceAndClipToRun()
    {
        // [5-10, 8+10] and [12-10, 15+10] widen to [0, 18] and [2, 25] (clipped at the start): union [0, 25] of a 60-minute run.
        var truth = Run(60, Truth(IncidentCause.Capacity, 5, 8), Truth(IncidentCause.GpuMemory, 12, 15));

        Assert.Equal(35 * Min, IncidentScorer.HealthyMs(truth));
        Assert.Equal(60 * Min, IncidentScorer.HealthyMs(Run(60)));
        Assert.Equal(0, IncidentScorer.HealthyMs(Run(20, Truth(IncidentCause.VersionRegression, 5, 20))));
    }

    [Fact]
    public void Summarize_HandBuiltRuns_PerCauseAndOverallFigures()
    {
        var a = IncidentScorer.Score(Run(60, Truth(IncidentCause.Capacity, 10, 14), Truth(IncidentCause.VersionRegression, 20, 60)),
        [
            Predicted(IncidentCause.Capacity, 11, notifications: 2, id: "c1"), // detects capacity after 1 min
            Predicted(IncidentCause.VersionRegression, 12, id: "v-wrong"), // during the burst, wrong cause: against precision
            Predicted(IncidentCause.VersionRegression, 24, notifications: 1, id: "v1"), // detects the regression after 4 min
        ]);
        var b = IncidentScorer.Score(Run(60, Truth(IncidentCause.Capacity, 10, 14)),
        [
            Predicted(IncidentCause.Capacity, 13, notifications: 1, id: "c2"), // after 3 min
            Predicted(IncidentCause.Unexplained, 50, id: "noise"), // healthy time: a false incident
        ]);
        var healthy = IncidentScorer.Score(Run(60), []);

        var summary = IncidentScoreboard.Summarize([a, b, healthy]);

        var capacity = summary.For(IncidentCause.Capacity);
        Assert.Equal((2, 2, 2, 2), (capacity.Truth, capacity.Detected, capacity.Predicted, capacity.MatchedPredicted));
        Assert.Equal(2 * Min, capacity.MedianDelayMs); // median of 1 and 3 minutes
        Assert.Equal(1.5, capacity.NotificationsPerIncident); // (2 + 1) / 2
        var regression = summary.For(IncidentCause.VersionRegression);
        Assert.Equal(1.0, regression.Recall);
        Assert.Equal(0.5, regression.Precision);
        Assert.True(double.IsNaN(summary.For(IncidentCause.Unexplained).Recall));
        Assert.Equal(0.0, summary.For(IncidentCause.Unexplained).Precision);
        Assert.Equal((3, 3, 5, 3), (summary.Overall.Truth, summary.Overall.Detected, summary.Overall.Predicted, summary.Overall.MatchedPredicted));
        Assert.Equal(1, summary.FalseIncidents);

        // Healthy: run a 0 min (regression to the end, burst margins cover the start), run b 60 - 24 = 36 min, healthy run 60 min.
        Assert.Equal(96 / 60.0, summary.HealthyHours, 6);
        Assert.Equal(1 / (96 / 60.0), summary.FalsePerHealthyHour, 6);
    }

    [Fact]
    public void Summarize_NothingPredicted_RecallZeroPrecisionAndDelayNaN()
    {
        var summary = IncidentScoreboard.Summarize([IncidentScorer.Score(Run(30, Truth(IncidentCause.Spend, 10, 18)), [])]);

        Assert.Equal(0.0, summary.Overall.Recall);
        Assert.True(double.IsNaN(summary.Overall.Precision));
        Assert.True(double.IsNaN(summary.Overall.MedianDelayMs));
        Assert.True(double.IsNaN(summary.Overall.NotificationsPerIncident));
    }

    [Theory]
    [InlineData(-300.0, -300)] // five hours ahead: detected, the delay is the negative lead time
    [InlineData(-420.0, -420)] // exactly the allowance ahead
    [InlineData(30.0, 30)] // late still counts, positive
    public void Score_PredictableTruth_OpenedAhead_NegativeDelayIsTheLeadTime(double openMin, long delayMin)
    {
        var truth = Truth(IncidentCause.Capacity, 600, 700) with { AheadMs = 420 * Min };
        var score = IncidentScorer.Score(Run(900, truth), [Predicted(IncidentCause.Capacity, 600 + openMin)]);

        Assert.Equal(delayMin * Min, score.Truths[0].DelayMs);
        Assert.False(score.Predictions[0].False);
    }

    [Fact]
    public void Score_PredictableTruth_OpenedBeforeTheAllowance_IsFalseAndMissed()
    {
        var truth = Truth(IncidentCause.Capacity, 600, 700) with { AheadMs = 420 * Min };
        var score = IncidentScorer.Score(Run(900, truth), [Predicted(IncidentCause.Capacity, 600 - 421)]);

        Assert.False(score.Truths[0].Detected);
        Assert.True(score.Predictions[0].False);
    }

    [Fact]
    public void HealthyMs_PredictableTruth_TheLeadAllowanceIsNotHealthyTime()
    {
        var plain = IncidentScorer.HealthyMs(Run(900, Truth(IncidentCause.Capacity, 600, 700)));
        var ahead = IncidentScorer.HealthyMs(Run(900, Truth(IncidentCause.Capacity, 600, 700) with { AheadMs = 420 * Min }));

        Assert.Equal(420 * Min, plain - ahead);
    }
}
