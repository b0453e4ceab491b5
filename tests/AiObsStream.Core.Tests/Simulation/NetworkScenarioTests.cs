using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Simulation;

/// <summary>The network kinds: counters on aks-gpu-0 inside their windows only, chat-prod slower, truth with cause network.</summary>
public class NetworkScenarioTests
{
    private static SimulationResult Run(params IncidentSpec[] incidents) =>
        TrafficSimulator.Generate(new SimulationOptions { Minutes = 20, Seed = 5, RateScale = 0.3, Incidents = incidents });

    private static long Ms(SimRequest r) => new DateTimeOffset(r.EndTicks, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(IncidentKind.NvlinkErrors, 4)]
    [InlineData(IncidentKind.InfinibandLinkFlap, 3)]
    public void Generate_NetworkKind_TruthIsNetworkOnChatProdsHost(IncidentKind kind, int minutes)
    {
        var truth = Run(new IncidentSpec(kind, 6)).Truth.Incidents[0];
        Assert.Equal(IncidentCause.Network, truth.Cause);
        Assert.Equal("chat-prod", truth.Deployment);
        Assert.Equal(["aks-gpu-0"], truth.Hosts);
        Assert.Equal(minutes * 60_000, truth.EndUnixMs - truth.StartUnixMs);
        Assert.True(IncidentCatalog.IsNetwork(kind));
        Assert.True(IncidentSpec.TryParse(IncidentCatalog.Name(kind) + "@6", 20, out var spec, out _), IncidentCatalog.Name(kind));
        Assert.Equal(kind, spec.Kind);
    }

    [Fact]
    public void Generate_WithoutANetworkKind_NoNetworkCounters()
    {
        Assert.All(Run(new IncidentSpec(IncidentKind.GpuEcc, 6)).GpuSamples, s => Assert.Null(s.Network));
    }

    [Fact]
    public void Generate_NvlinkErrors_ErrorCountersGrowOnlyOnAksGpu0InsideTheWindow()
    {
        var result = Run(new IncidentSpec(IncidentKind.NvlinkErrors, 6));
        var w = result.Truth.Incidents[0];
        foreach (var series in result.GpuSamples.GroupBy(s => s.Gpu))
        {
            var samples = series.ToList();
            for (var i = 1; i < samples.Count; i++)
            {
                var grew = samples[i].Network!.Value.NvlinkCrcFlit - samples[i - 1].Network!.Value.NvlinkCrcFlit;
                var inside = samples[i].UnixMs >= w.StartUnixMs && samples[i].UnixMs < w.EndUnixMs;
                if (inside && SimFleet.Gpus[series.Key].Host == "aks-gpu-0")
                {
                    Assert.InRange(grew, 20, 200);
                }
                else
                {
                    Assert.Equal(0, grew);
                }
            }
        }
    }

    [Fact]
    public void Generate_InfinibandLinkFlap_PortOfGpu0GoesDownRepeatedlyAndCarriesLessData()
    {
        var result = Run(new IncidentSpec(IncidentKind.InfinibandLinkFlap, 6));
        var w = result.Truth.Incidents[0];
        var port = result.GpuSamples.Where(s => s.Gpu == 0).ToList();
        var downs = port[^1].Network!.Value.IbLinkDowned - port[0].Network!.Value.IbLinkDowned;
        Assert.InRange(downs, 4, 6); // about every 40 s for 3 minutes
        Assert.All(result.GpuSamples.Where(s => s.Gpu != 0), s => Assert.Equal(1, s.Network!.Value.IbLinkDowned));

        double Rate(long from, long to)
        {
            var inside = port.Where(s => s.UnixMs >= from && s.UnixMs < to).ToList();
            return (inside[^1].Network!.Value.IbRxBytes - inside[0].Network!.Value.IbRxBytes) / ((inside[^1].UnixMs - inside[0].UnixMs) / 1000.0);
        }

        Assert.True(Rate(w.StartUnixMs + 30_000, w.EndUnixMs) < 0.4 * Rate(w.StartUnixMs - 180_000, w.StartUnixMs));
    }

    [Fact]
    public void Generate_LinkFault_ChatProdTimePerTokenSlowerOnlyDuringTheFault()
    {
        var result = Run(new IncidentSpec(IncidentKind.InfinibandLinkFlap, 6));
        var w = result.Truth.Incidents[0];
        var chat = result.Requests.Where(r => r.Deployment == 0 && r.Status == 200).ToList();
        static double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s[s.Length / 2]; }
        var inside = Median(chat.Where(r => Ms(r) >= w.StartUnixMs + 5_000 && Ms(r) < w.EndUnixMs).Select(r => (r.DurationMs - r.TtftMs) / r.CompletionTokens));
        var before = Median(chat.Where(r => Ms(r) < w.StartUnixMs).Select(r => (r.DurationMs - r.TtftMs) / r.CompletionTokens));
        Assert.InRange(inside / before, 1.4, 1.8);
    }
}
