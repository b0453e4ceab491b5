using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Simulation;

public class TrafficSimulatorTests
{
    private static readonly DateTimeOffset Start = SimulationOptions.DefaultStart;

    private static SimulationResult Run(params IncidentSpec[] incidents) =>
        TrafficSimulator.Generate(new SimulationOptions { Minutes = 20, Seed = 7, RateScale = 0.5, Incidents = incidents });

    private static long Ms(SimRequest r) => new DateTimeOffset(r.EndTicks, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static double P95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(0.95 * (sorted.Length - 1))];
    }

    [Fact]
    public void Generate_SameOptions_SameStreams()
    {
        var a = Run(new IncidentSpec(IncidentKind.SpendSpike, 3));
        var b = Run(new IncidentSpec(IncidentKind.SpendSpike, 3));

        Assert.Equal(a.Requests, b.Requests);
        Assert.Equal(a.Evaluations, b.Evaluations);
        Assert.Equal(a.GpuSamples, b.GpuSamples);
    }

    [Fact]
    public void Generate_OtherSeed_OtherStreams()
    {
        var a = TrafficSimulator.Generate(new SimulationOptions { Minutes = 2, Seed = 1 });
        var b = TrafficSimulator.Generate(new SimulationOptions { Minutes = 2, Seed = 2 });

        Assert.NotEqual(a.Requests[0], b.Requests[0]);
    }

    [Fact]
    public void Generate_Incidents_GroundTruthWindowsFollowMinutesAndDurations()
    {
        var truth = Run(new IncidentSpec(IncidentKind.LatencyRegression, 5), new IncidentSpec(IncidentKind.QualityDrift, 8),
            new IncidentSpec(IncidentKind.Http429Storm, 17)).Truth;

        long t0 = Start.ToUnixTimeMilliseconds();
        Assert.Equal(t0 + (20 * 60_000), truth.EndUnixMs);
        Assert.Equal(t0 + (8 * 60_000), truth.ReleaseUnixMs);
        var latency = truth.Incidents[0];
        Assert.Equal((t0 + (5 * 60_000), t0 + (15 * 60_000)), (latency.StartUnixMs, latency.EndUnixMs));
        Assert.Equal(("chat-prod", "2024-08-06"), (latency.Deployment, latency.ModelVersion));
        Assert.Contains("latency-p95", latency.ExpectedSignals);
        Assert.Equal((t0 + (8 * 60_000), truth.EndUnixMs, "2024-11-20"), (truth.Incidents[1].StartUnixMs, truth.Incidents[1].EndUnixMs, truth.Incidents[1].ModelVersion));
        Assert.Equal(truth.EndUnixMs, truth.Incidents[2].EndUnixMs); // 5-minute storm clipped to the run
        Assert.Equal("429-storm@17", truth.Incidents[2].Spec);
    }

    [Fact]
    public void Generate_LatencyRegression_ChatProdP95AboveOneSecondOnlyInsideWindow()
    {
        var result = Run(new IncidentSpec(IncidentKind.LatencyRegression, 5));
        var window = result.Truth.Incidents[0];
        var chat = result.Requests.Where(r => r.Deployment == 0 && r.Status == 200).ToList();
        double inside = P95(chat.Where(r => Ms(r) >= window.StartUnixMs + 5000 && Ms(r) < window.EndUnixMs).Select(r => r.DurationMs));
        double outside = P95(chat.Where(r => Ms(r) < window.StartUnixMs || Ms(r) > window.EndUnixMs + 5000).Select(r => r.DurationMs));

        Assert.InRange(outside, 300, 900);
        Assert.True(inside > 1200, $"p95 inside {inside}");
    }

    [Fact]
    public void Generate_429Storm_ThrottlesChatMiniOnlyInsideWindow()
    {
        var result = Run(new IncidentSpec(IncidentKind.Http429Storm, 10));
        var w = result.Truth.Incidents[0];
        var throttled = result.Requests.Where(r => r.Status == 429).ToList();
        var inWindow = result.Requests.Count(r => r.Deployment == 1 && Ms(r) >= w.StartUnixMs + 1000 && Ms(r) < w.EndUnixMs);

        Assert.All(throttled, r => Assert.Equal(1, r.Deployment));
        Assert.All(throttled, r => Assert.InRange(Ms(r), w.StartUnixMs, w.EndUnixMs + 1000));
        Assert.InRange(throttled.Count / (double)inWindow, 0.3, 0.5);
    }

    [Fact]
    public void Generate_IngestionGap_NoExportedRecordInsideWindowOnly()
    {
        var result = Run(new IncidentSpec(IncidentKind.IngestionGap, 4));
        var w = result.Truth.Incidents[0];

        Assert.All(result.Requests, r => Assert.Equal(Ms(r) < w.StartUnixMs || Ms(r) >= w.EndUnixMs, r.Exported));
        Assert.Contains(result.Requests, r => !r.Exported);
    }

    [Fact]
    public void Generate_QualityDrift_NewVersionScoresLower()
    {
        var result = Run(new IncidentSpec(IncidentKind.QualityDrift, 10));
        double Mean(string version) => result.Evaluations
            .Where(e => e.Deployment == 0 && e.Name == "groundedness" && e.ModelVersion == version).Average(e => e.Score);

        Assert.True(Mean("2024-08-06") - Mean("2024-11-20") > 0.7);
        Assert.All(result.Requests.Where(r => r.Deployment == 0), r =>
            Assert.Equal(r.ModelVersion == "2024-11-20", Ms(r) - r.DurationMs >= result.Truth.ReleaseUnixMs - 1));
    }

    [Fact]
    public void Generate_GpuThermal_ThermalGpuHotAndThrottledOthersNormal()
    {
        var result = Run(new IncidentSpec(IncidentKind.GpuThermal, 5));
        var w = result.Truth.Incidents[0];
        var late = result.GpuSamples.Where(s => s.UnixMs >= w.StartUnixMs + 180_000 && s.UnixMs < w.EndUnixMs).ToList();

        Assert.All(late.Where(s => s.Gpu == SimFleet.ThermalGpu), s => Assert.True(s.TempC >= 80 && s.SmClockMhz < 1980, s.ToString()));
        Assert.All(result.GpuSamples.Where(s => s.Gpu != SimFleet.ThermalGpu), s => Assert.InRange(s.TempC, 30, 77));
        Assert.All(result.GpuSamples.Where(s => s.UnixMs < w.StartUnixMs), s => Assert.Equal(1980, s.SmClockMhz));
    }

    [Fact]
    public void Generate_SpendSpike_ChatProdPromptTokensJump()
    {
        var result = Run(new IncidentSpec(IncidentKind.SpendSpike, 6));
        var w = result.Truth.Incidents[0];
        var chat = result.Requests.Where(r => r.Deployment == 0).ToList();
        double inside = chat.Where(r => Ms(r) >= w.StartUnixMs + 2000 && Ms(r) < w.EndUnixMs).Sum(r => (double)r.PromptTokens);
        double before = chat.Where(r => Ms(r) < w.StartUnixMs && Ms(r) >= w.StartUnixMs - (8 * 60_000)).Sum(r => (double)r.PromptTokens);

        Assert.True(inside > 5 * before, $"{inside} vs {before}");
    }

    [Fact]
    public void Generate_Streams_SortedByTime()
    {
        var result = Run();

        Assert.True(result.Requests.Zip(result.Requests.Skip(1)).All(p => p.First.EndTicks <= p.Second.EndTicks));
        Assert.True(result.Evaluations.Zip(result.Evaluations.Skip(1)).All(p => p.First.Ticks <= p.Second.Ticks));
        Assert.True(result.GpuSamples.Zip(result.GpuSamples.Skip(1)).All(p => p.First.UnixMs <= p.Second.UnixMs));
    }

    [Fact]
    public void Validate_MinuteOutsideRun_Throws()
    {
        var options = new SimulationOptions { Minutes = 5, Incidents = [new IncidentSpec(IncidentKind.GpuThermal, 5)] };

        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficSimulator.Generate(options));
    }
}
