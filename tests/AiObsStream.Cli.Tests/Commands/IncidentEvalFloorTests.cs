using System.Globalization;
using AiObsStream.Cli.Commands;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation.Rollouts;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>
/// Detection floors of the incident layer over the CI-sized simulator corpus (issue #11 §3): a regression in any
/// detector or in the correlation fails here. The recorded traces are not part of the floors (nothing is tuned to them).
/// </summary>
/// <remarks>
/// Floors: overall recall ≥ 0.9 and ≤ 0.1 false incidents per healthy hour; per cause, recall ≥ 0.9 for the causes with
/// unmistakable signals (capacity, version-regression, gpu-memory, gpu-hardware, gpu-underutilized, ingestion) and
/// ≥ 0.5 for the slower or subtler ones (quality-drift, spend, unexplained), which have two cases each in this corpus.
/// Rollouts (all 33 scenarios of <see cref="RolloutScenarios.Ci"/>, seed 1; labels of <see cref="RolloutCorpusSource"/>):
/// every regression is detected as <c>version-regression</c> on chat-prod within ten minutes of the rollout (of the
/// rollback for a post-rollback baseline), and no control opens a <c>version-regression</c> incident.
/// </remarks>
public class IncidentEvalFloorTests(IncidentEvalFloorFixture fixture) : IClassFixture<IncidentEvalFloorFixture>
{
    private string Missed(IncidentCause? cause = null) => string.Join("; ", fixture.Results.SelectMany(r => r.Score.Truths.Where(t => !t.Detected && (cause is null || t.Truth.Cause == cause))
        .Select(t => $"{r.Name}: {IncidentCauses.Name(t.Truth.Cause)} {t.Truth.Label}")));

    private string False() => string.Join("; ", fixture.Results.SelectMany(r => r.Score.Predictions.Where(p => p.False)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{r.Name}: {IncidentCauses.Name(p.Predicted.Cause)} opened {DateTimeOffset.FromUnixTimeMilliseconds(p.Predicted.OpenedAtMs):yyyy-MM-dd'T'HH:mm'Z'}"))));

    [Fact]
    public void Corpus_EveryOutputLineReadable()
    {
        Assert.Equal(48, fixture.Results.Count); // 2 seeds x 24: 16 before the two network kinds, caller-surge, secret-access, key-exfiltration, dependency-latency, content-filter-jump and the content-filter base-rate control (one run each per seed)
        Assert.All(fixture.Results, r => Assert.True(r.Log.RejectedLines == 0, $"{r.Name}: {string.Join("; ", r.Log.Errors)}"));
    }

    [Fact]
    public void Corpus_OverallRecallAtLeast90Percent()
    {
        var overall = fixture.Summary.Overall;

        Assert.True(overall.Recall >= 0.9, $"recall {overall.Detected}/{overall.Truth}; missed: {Missed()}");
    }

    [Fact]
    public void Corpus_AtMostOneFalseIncidentPerTenHealthyHours()
    {
        Assert.True(fixture.Summary.HealthyHours > 1, $"healthy hours {fixture.Summary.HealthyHours}");
        Assert.True(fixture.Summary.FalsePerHealthyHour <= 0.1,
            $"{fixture.Summary.FalseIncidents} false incidents in {fixture.Summary.HealthyHours:0.00} healthy hours: {False()}");
    }

    [Theory]
    [InlineData(IncidentCause.Capacity, 0.9)]
    [InlineData(IncidentCause.VersionRegression, 0.9)]
    [InlineData(IncidentCause.GpuMemory, 0.9)]
    [InlineData(IncidentCause.GpuHardware, 0.9)]
    [InlineData(IncidentCause.GpuUnderutilized, 0.9)]
    [InlineData(IncidentCause.Ingestion, 0.9)]
    [InlineData(IncidentCause.Security, 0.9)]
    [InlineData(IncidentCause.QualityDrift, 0.5)]
    [InlineData(IncidentCause.Spend, 0.5)]
    [InlineData(IncidentCause.Unexplained, 0.5)]
    [InlineData(IncidentCause.Network, 0.9)]
    public void Corpus_RecallPerCauseAtLeastFloor(IncidentCause cause, double floor)
    {
        var row = fixture.Summary.For(cause);

        Assert.True(row.Truth >= 2, $"{row.Name}: only {row.Truth} cases");
        Assert.True(row.Recall >= floor, $"{row.Name}: recall {row.Detected}/{row.Truth} < {floor}; missed: {Missed(cause)}");
    }

    /// <summary>The control-plane kinds and the content-filter jump (issue #15 §1): each run's incident is found as
    /// <c>security</c>, in every seed.</summary>
    [Theory]
    [InlineData("secret-access")]
    [InlineData("key-exfiltration")]
    [InlineData("content-filter-jump")]
    public void Corpus_AccessKindsDetectedInEverySeed(string kind)
    {
        var runs = fixture.Results.Where(r => r.Name.Contains("-" + kind + "-", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.True(r.Score.Truths.All(t => t.Detected && t.Truth.Cause == IncidentCause.Security),
            $"{r.Name}: missed; false: {False()}"));
    }

    [Fact]
    public void Rollouts_EveryScenarioRunAndEveryOutputLineReadable()
    {
        Assert.Equal(RolloutScenarios.Ci(IncidentEvalFloorFixture.RolloutSeed).Count, fixture.RolloutResults.Count);
        Assert.All(fixture.RolloutResults, r => Assert.True(r.Log.RejectedLines == 0, $"{r.Name}: {string.Join("; ", r.Log.Errors)}"));
    }

    /// <summary>
    /// At least 90 % of the rollout regressions reported as a version regression within 10 minutes of the rollout. Not
    /// all: measured on this corpus, a 5 % canary of a 2x-slower version with a bimodal latency (0.6 requests/s on the
    /// new version) is reported only as an unexplained breach (README, "Incident evaluation"); the floor keeps every
    /// other case from getting worse.
    /// </summary>
    [Fact]
    public void Rollouts_RegressionsReportedAsVersionRegressionWithinTenMinutes_AtLeast90Percent()
    {
        var regressions = fixture.RolloutResults.Where(r => r.Group == RolloutCorpusSource.RegressionGroup).ToList();

        var late = regressions.Where(r => !r.Score.Truths.All(t => t.Truth.Cause == IncidentCause.VersionRegression && t.DelayMs is <= 600_000))
            .Select(r => $"{r.Name}: {(r.Score.Truths[0].DelayMs is { } d ? $"{d / 60_000.0:0.0} min" : "missed")}, opened {Opened(r)}").ToList();
        Assert.True(regressions.Count >= 19, $"only {regressions.Count} regressions");
        Assert.True(late.Count <= regressions.Count / 10, $"{late.Count} of {regressions.Count} regressions not reported in 10 minutes: {string.Join("; ", late)}");
    }

    [Fact]
    public void Rollouts_NoControlOpensAVersionRegressionIncident()
    {
        var controls = fixture.RolloutResults.Where(r => r.Group == RolloutCorpusSource.ControlGroup).ToList();

        var blamed = controls.Where(r => r.Score.Predictions.Any(p => p.Predicted.Cause == IncidentCause.VersionRegression))
            .Select(r => $"{r.Name}: opened {Opened(r)}").ToList();
        Assert.True(controls.Count >= 10, $"only {controls.Count} controls");
        Assert.True(blamed.Count == 0, $"{blamed.Count} of {controls.Count} controls blame the version: {string.Join("; ", blamed)}");
    }

    /// <summary>Every incident of a run with its cause and open time relative to the run start, for failure messages.</summary>
    private static string Opened(IncidentCaseResult r) => string.Join(", ", r.Score.Predictions.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{IncidentCauses.Name(p.Predicted.Cause)} at +{(p.Predicted.OpenedAtMs - RolloutScenario.DefaultStart.ToUnixTimeMilliseconds()) / 60_000.0:0.0} min")));
}
