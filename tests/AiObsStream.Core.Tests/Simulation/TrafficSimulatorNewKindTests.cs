using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Simulation;

/// <summary>The kinds added for the incident corpus (issue #11): effects inside their windows only, and their truth.</summary>
public class TrafficSimulatorNewKindTests
{
    private static SimulationResult Run(params IncidentSpec[] incidents) =>
        TrafficSimulator.Generate(new SimulationOptions { Minutes = 30, Seed = 7, RateScale = 0.5, Incidents = incidents });

    private static long Ms(SimRequest r) => new DateTimeOffset(r.EndTicks, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static double P95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(0.95 * (sorted.Length - 1))];
    }

    private static double PerMinute(IEnumerable<SimRequest> requests, long from, long to) =>
        requests.Count(r => Ms(r) >= from && Ms(r) < to) / ((to - from) / 60_000.0);

    [Fact]
    public void Generate_LoadBurst_ChatProdRateTimesThreeToFiveWithQueueingAndSome429()
    {
        var result = Run(new IncidentSpec(IncidentKind.LoadBurst, 10));
        var w = result.Truth.Incidents[0];
        var chat = result.Requests.Where(r => r.Deployment == 0).ToList();
        long before = w.StartUnixMs - (8 * 60_000);

        Assert.InRange((w.EndUnixMs - w.StartUnixMs) / 60_000.0, 2, 4);
        Assert.InRange(PerMinute(chat, w.StartUnixMs + 5_000, w.EndUnixMs) / PerMinute(chat, before, w.StartUnixMs), 2.6, 5.6);
        var inside = chat.Where(r => Ms(r) >= w.StartUnixMs + 60_000 && Ms(r) < w.EndUnixMs && r.Status == 200).ToList();
        var outside = chat.Where(r => Ms(r) < w.StartUnixMs && r.Status == 200).ToList();
        Assert.True(P95(inside.Select(r => r.TtftMs)) > 2 * P95(outside.Select(r => r.TtftMs)));
        Assert.True(P95(inside.Select(r => r.DurationMs)) > 1000);
        var throttled = chat.Where(r => r.Status == 429).ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, r => Assert.InRange(Ms(r), w.StartUnixMs, w.EndUnixMs + 1000));
        var gpu = result.GpuSamples.Where(s => s.Gpu == 0).ToList();
        Assert.True(gpu.Where(s => s.UnixMs > w.StartUnixMs + 30_000 && s.UnixMs < w.EndUnixMs).Average(s => s.UtilPct)
            > gpu.Where(s => s.UnixMs < w.StartUnixMs).Average(s => s.UtilPct) + 15);
    }

    [Fact]
    public void Generate_VersionRegression_NewVersionSlowerAtUnchangedLoad()
    {
        var result = Run(new IncidentSpec(IncidentKind.VersionRegression, 12));
        var w = result.Truth.Incidents[0];
        var chat = result.Requests.Where(r => r.Deployment == 0 && r.Status == 200).ToList();
        var v1 = chat.Where(r => r.ModelVersion == SimFleet.ChatProdVersion).ToList();
        var v2 = chat.Where(r => r.ModelVersion == SimFleet.ChatProdRelease).ToList();

        Assert.Equal((w.StartUnixMs, result.Truth.EndUnixMs), (result.Truth.ReleaseUnixMs, w.EndUnixMs));
        Assert.Equal(SimFleet.ChatProdRelease, w.ModelVersion);
        Assert.InRange(P95(v2.Select(r => r.TtftMs)) / P95(v1.Select(r => r.TtftMs)), 1.6, 2.5);
        Assert.InRange(v2.Average(r => r.DurationMs) / v1.Average(r => r.DurationMs), 1.4, 2.2);
        Assert.InRange(PerMinute(chat, w.StartUnixMs, w.EndUnixMs) / PerMinute(chat, result.Truth.StartUnixMs, w.StartUnixMs), 0.8, 1.25);
    }

    [Fact]
    public void Generate_BenignRelease_NewVersionBehavesTheSame()
    {
        var result = Run(new IncidentSpec(IncidentKind.BenignRelease, 12));
        var chat = result.Requests.Where(r => r.Deployment == 0 && r.Status == 200).ToList();
        var v2 = chat.Where(r => r.ModelVersion == SimFleet.ChatProdRelease).ToList();

        Assert.Equal(result.Truth.StartUnixMs + (12 * 60_000), result.Truth.ReleaseUnixMs);
        Assert.NotEmpty(v2);
        Assert.InRange(v2.Average(r => r.DurationMs) / chat.Where(r => r.ModelVersion == SimFleet.ChatProdVersion).Average(r => r.DurationMs), 0.9, 1.1);
        Assert.Null(result.Truth.Incidents[0].Cause);
    }

    [Fact]
    public void Generate_GpuMemory_OneGpuAbove95PercentOnlyInsideWindow()
    {
        var result = Run(new IncidentSpec(IncidentKind.GpuMemory, 10));
        var w = result.Truth.Incidents[0];
        var gpu = result.GpuSamples.Where(s => s.Gpu == IncidentCatalog.MemoryGpu).ToList();

        Assert.InRange((w.EndUnixMs - w.StartUnixMs) / 60_000.0, 2, 4);
        Assert.All(gpu.Where(s => s.UnixMs >= w.StartUnixMs + 30_000 && s.UnixMs < w.EndUnixMs),
            s => Assert.InRange(s.FbUsedMiB / SimFleet.FbTotalMiB, 0.95, 0.999));
        Assert.All(result.GpuSamples.Where(s => s.UnixMs < w.StartUnixMs || s.UnixMs >= w.EndUnixMs || s.Gpu != IncidentCatalog.MemoryGpu),
            s => Assert.True(s.FbUsedMiB / SimFleet.FbTotalMiB < 0.85, s.ToString()));
    }

    [Fact]
    public void Generate_GpuIdle_EmbedStopsAndItsGpuIdlesFor15Minutes()
    {
        var result = Run(new IncidentSpec(IncidentKind.GpuIdle, 8));
        var w = result.Truth.Incidents[0];
        var embed = result.Requests.Where(r => r.Deployment == 2).ToList();

        Assert.Equal(15 * 60_000, w.EndUnixMs - w.StartUnixMs);
        Assert.DoesNotContain(embed, r => Ms(r) - r.DurationMs >= w.StartUnixMs && Ms(r) < w.EndUnixMs);
        Assert.Contains(embed, r => Ms(r) > w.EndUnixMs);
        var idle = result.GpuSamples.Where(s => s.Gpu == IncidentCatalog.IdleGpu && s.UnixMs >= w.StartUnixMs + 15_000 && s.UnixMs < w.EndUnixMs).ToList();
        Assert.NotEmpty(idle);
        Assert.All(idle, s => Assert.True(s.UtilPct <= 3 && s.PowerW < 90, s.ToString()));
        Assert.All(result.GpuSamples.Where(s => s.Gpu != IncidentCatalog.IdleGpu), s => Assert.True(s.UtilPct > 20, s.ToString()));
    }

    [Fact]
    public void Generate_GpuEcc_DoubleBitErrorAndXid48FromTheMinuteOnOneGpu()
    {
        var result = Run(new IncidentSpec(IncidentKind.GpuEcc, 9));
        var w = result.Truth.Incidents[0];

        Assert.All(result.GpuSamples, s => Assert.Equal(s.Gpu == IncidentCatalog.EccGpu && s.UnixMs >= w.StartUnixMs ? (1, 48) : (0, 0), (s.EccDbe, s.Xid)));
        Assert.Equal(2 * 60_000, w.EndUnixMs - w.StartUnixMs);
    }

    [Theory]
    [InlineData(IncidentKind.QualityDrift, IncidentCause.QualityDrift, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.LatencyRegression, IncidentCause.Unexplained, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.GpuThermal, IncidentCause.GpuHardware, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.SpendSpike, IncidentCause.Spend, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.Http429Storm, IncidentCause.Capacity, "chat-mini", "aks-gpu-1")]
    [InlineData(IncidentKind.IngestionGap, IncidentCause.Ingestion, "", "")]
    [InlineData(IncidentKind.LoadBurst, IncidentCause.Capacity, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.VersionRegression, IncidentCause.VersionRegression, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.GpuMemory, IncidentCause.GpuMemory, "chat-prod", "aks-gpu-0")]
    [InlineData(IncidentKind.GpuIdle, IncidentCause.GpuUnderutilized, "embed", "aks-gpu-1")]
    [InlineData(IncidentKind.GpuEcc, IncidentCause.GpuHardware, "chat-mini", "aks-gpu-1")]
    public void Generate_EveryKind_TruthCarriesCauseDeploymentAndHosts(IncidentKind kind, IncidentCause cause, string deployment, string host)
    {
        var truth = TrafficSimulator.Generate(new SimulationOptions { Minutes = 12, Seed = 1, RateScale = 0.05, Incidents = [new(kind, 3)] }).Truth.Incidents[0];

        Assert.Equal(cause, truth.Cause);
        Assert.Equal(deployment, truth.Deployment);
        Assert.Equal(host.Length == 0 ? [] : [host], truth.Hosts);
    }

    [Fact]
    public void Generate_WiderSigmaAndBimodal_LongerChatTailSameMedian()
    {
        SimulationResult With(double sigma, LatencyShape shape) => TrafficSimulator.Generate(
            new SimulationOptions { Minutes = 20, Seed = 3, RateScale = 0.5, LatencySigma = sigma, Shape = shape });
        static double[] Ttft(SimulationResult r) => r.Requests.Where(q => q.Deployment == 0 && q.Status == 200).Select(q => q.TtftMs).Order().ToArray();
        var narrow = Ttft(With(0.3, LatencyShape.LogNormal));
        var wide = Ttft(With(0.45, LatencyShape.LogNormal));
        var bimodal = Ttft(With(0.3, LatencyShape.Bimodal));

        Assert.InRange(wide[wide.Length / 2] / narrow[narrow.Length / 2], 0.9, 1.1);
        Assert.True(wide[(int)(wide.Length * 0.95)] > 1.15 * narrow[(int)(narrow.Length * 0.95)]);
        Assert.True(bimodal[(int)(bimodal.Length * 0.95)] > 1.1 * narrow[(int)(narrow.Length * 0.95)]);
    }

    [Fact]
    public void Validate_ShapeOptionsOutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { LatencySigma = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { SlowShare = 0.6 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { SlowFactor = 0.5 }.Validate());
    }
}
