using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Simulation;

public class LoadRampSimulatorTests
{
    private const long HourMs = 3_600_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Generate_Ramp_TruthStartsWhereTheCurveFirstReachesTheThresholdOnDay4(int seed)
    {
        var options = new LoadRampOptions { Seed = seed };
        var result = LoadRampSimulator.Generate(options);

        var truth = Assert.Single(result.Truth.Incidents);
        Assert.Equal(IncidentKind.LoadRamp, truth.Kind);
        Assert.Equal(IncidentCause.Capacity, truth.Cause);
        Assert.Equal(SimFleet.ChatProd, truth.Deployment);
        var start = options.Start.ToUnixTimeMilliseconds();
        Assert.InRange(truth.StartUnixMs, start + (4 * 24 * HourMs) + (9 * HourMs), start + (4 * 24 * HourMs) + (13 * HourMs)); // day 4, before the 14:00 peak
        Assert.True(LoadRampSimulator.Utilization(options, truth.StartUnixMs) >= 90);
        Assert.True(LoadRampSimulator.Utilization(options, truth.StartUnixMs - 60_000) < 90);
        Assert.True(LoadRampSimulator.Utilization(options, truth.EndUnixMs) < 90);
        for (var t = start; t < truth.StartUnixMs; t += 60_000)
        {
            Assert.True(LoadRampSimulator.Utilization(options, t) < 90, "no earlier crossing");
        }

        // the load grows day over day: every daily peak above the one before
        var peaks = Enumerable.Range(0, 5).Select(d => LoadRampSimulator.Utilization(options, start + (d * 24 * HourMs) + (14 * HourMs))).ToList();
        Assert.Equal(peaks.Order(), peaks);
        Assert.InRange(peaks[0], 50, 61);
        Assert.InRange(peaks[3], 85, 87);
        Assert.InRange(peaks[4], 94, 98);
    }

    [Theory]
    [InlineData(LoadRampShape.Flat)]
    [InlineData(LoadRampShape.Seasonal)]
    public void Generate_HealthyShapes_NoTruthAndBelowTheThresholdThroughout(LoadRampShape shape)
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var options = new LoadRampOptions { Seed = seed, Shape = shape };
            var result = LoadRampSimulator.Generate(options);
            Assert.Empty(result.Truth.Incidents);
            Assert.All(result.GpuSamples, s => Assert.InRange(s.UtilPct, 25, 90));
        }
    }

    [Fact]
    public void Generate_SameSeed_SameScrapes_SparseAndSortedForBothChatProdGpus()
    {
        var a = LoadRampSimulator.Generate(new LoadRampOptions { Seed = 7 });
        var b = LoadRampSimulator.Generate(new LoadRampOptions { Seed = 7 });
        Assert.Equal(a.GpuSamples, b.GpuSamples);
        Assert.Equal(LoadRampSimulator.DefaultHours * 12 * 2, a.GpuSamples.Count); // every 5 minutes, two GPUs
        Assert.Equal(a.GpuSamples.OrderBy(s => s.UnixMs).ThenBy(s => s.Gpu), a.GpuSamples);
        Assert.All(a.GpuSamples, s => Assert.Equal(0, SimFleet.Gpus[s.Gpu].Deployment));
        Assert.Empty(a.Requests);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(337)]
    public void Validate_HoursOutOfRange_Throws(int hours) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadRampSimulator.Generate(new LoadRampOptions { Hours = hours }));

    [Fact]
    public void Truth_LoadRamp_MayBePredictedAheadByTheLeadAllowance()
    {
        var result = LoadRampSimulator.Generate(new LoadRampOptions { Seed = 1 });
        var truth = Assert.Single(IncidentCorpus.Truth("ramp", result.Truth).Incidents);
        Assert.Equal((long)LoadRampSimulator.LeadAllowance.TotalMilliseconds, truth.AheadMs);
        Assert.Equal(IncidentCause.Capacity, truth.Cause);
    }

    [Fact]
    public void Catalog_LoadRamp_IsNamedButNotAMinuteLevelKind()
    {
        Assert.Equal("load-ramp", IncidentCatalog.Name(IncidentKind.LoadRamp));
        Assert.DoesNotContain(IncidentKind.LoadRamp, IncidentCatalog.All);
        Assert.False(IncidentCatalog.TryParseKind("load-ramp", out _));
        Assert.Equal(IncidentCause.Capacity, IncidentCatalog.Cause(IncidentKind.LoadRamp));
    }
}
