using AiObsStream.Core.Incidents;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

public class PhaseTruthReaderTests
{
    // A load-generator schedule in the shape of a recorded trace's phases.json (times in Unix seconds).
    private const string Schedule = """
        {"t0": 1800000000.25, "schedule": [
          {"start": 1800000000.25, "end": 1800000060.25, "phase": "warmup", "rate": 2, "model_version": "v1"},
          {"start": 1800000060.25, "end": 1800000180.25, "phase": "steady", "rate": 10, "model_version": "v1"},
          {"start": 1800000180.25, "end": 1800000200.25, "phase": "burst", "rate": 50, "model_version": "v1"},
          {"start": 1800000200.25, "end": 1800000300.25, "phase": "steady-v2", "rate": 10, "model_version": "v2"},
          {"start": 1800000300.25, "end": 1800000330.25, "phase": "memory-pressure", "rate": 10, "model_version": "v2"},
          {"start": 1800000330.25, "end": 1800000400.25, "phase": "underutilized", "rate": 1, "model_version": "v2"}
        ]}
        """;

    [Fact]
    public void TryRead_Schedule_LabelsBurstRolloutMemoryAndIdle()
    {
        Assert.True(PhaseTruthReader.TryRead("trace-x", Schedule, out var truth, out var error), error);

        Assert.Equal(("trace-x", 1_800_000_000_250L, 1_800_000_400_250L), (truth.Scenario, truth.StartMs, truth.EndMs));
        Assert.Equal(
            [
                (IncidentCause.Capacity, 1_800_000_180_250L, 1_800_000_200_250L),
                (IncidentCause.VersionRegression, 1_800_000_200_250L, 1_800_000_400_250L), // to the end of the run
                (IncidentCause.GpuMemory, 1_800_000_300_250L, 1_800_000_330_250L),
                (IncidentCause.GpuUnderutilized, 1_800_000_330_250L, 1_800_000_400_250L),
            ],
            truth.Incidents.Select(i => (i.Cause, i.StartMs, i.EndMs)));
        Assert.All(truth.Incidents, i => Assert.Empty(i.Deployments.Concat(i.Hosts)));
    }

    [Theory]
    [InlineData("nope", "not JSON")]
    [InlineData("{}", "no 'schedule'")]
    [InlineData("""{"schedule":[]}""", "empty schedule")]
    [InlineData("""{"schedule":[{"start":5,"end":4,"phase":"a"}]}""", "schedule[0]")]
    [InlineData("""{"schedule":[{"start":"5","end":6,"phase":"a"}]}""", "schedule[0]")]
    [InlineData("""{"schedule":[{"start":5,"end":6}]}""", "schedule[0]")]
    public void TryRead_BadSchedule_FalseWithReason(string json, string expected)
    {
        Assert.False(PhaseTruthReader.TryRead("t", json, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OneVersionNoSpecialPhases_NoIncident()
    {
        Assert.True(PhaseTruthReader.TryRead("t", """{"schedule":[{"start":1,"end":61,"phase":"steady","model_version":"v1"}]}""", out var truth, out _));
        Assert.Empty(truth.Incidents);
    }
}
