using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Network;

/// <summary>
/// The dependency monitor on simulated traffic: the dependency-latency incident is found on the way to the model;
/// the kinds that slow the model itself, or load it, are not the network.
/// </summary>
public class DependencyLatencySimulationTests
{
    private static readonly DimsPool Pool = new();

    private static List<AlertEvent> Monitor(IncidentSpec[] incidents, double rateScale = 1)
    {
        var run = TrafficSimulator.Generate(new SimulationOptions { Seed = 3, Minutes = 24, RateScale = rateScale, Incidents = incidents });
        var monitor = new DependencyLatencyMonitor(new DependencyMonitorOptions());
        var alerts = new List<AlertEvent>();
        foreach (var r in run.Requests.OrderBy(r => r.EndTicks))
        {
            // As the writers put them: the AOAI log holds the model's time, the App Insights dependency the caller's.
            var d = SimFleet.Deployments[r.Deployment];
            var t = (r.EndTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;
            if (r.Exported)
            {
                var model = TelemetryEvent.NewRequest(t, Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, d.Name, d.Model, r.ModelVersion, d.Operation, "", "", "")));
                model.LatencyMs = r.DurationMs;
                monitor.Observe(in model);
            }

            var call = TelemetryEvent.NewRequest(t, Pool.Intern(new DimsKey(TelemetrySource.AppInsights, d.Name, d.Model, r.ModelVersion, "llm-inference", "", "", "")));
            call.LatencyMs = r.DurationMs + r.PathMs;
            call.Detail = "HTTP|aoai-prod-eastus2.openai.azure.com";
            monitor.Observe(in call);
        }

        monitor.AdvanceWatermark(long.MaxValue, alerts);
        return alerts;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void DependencyLatency_PathAlertOnChatProdAtTheOnset(double rateScale)
    {
        var alerts = Monitor([new IncidentSpec(IncidentKind.DependencyLatency, 8)], rateScale);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing && a.Rule == DependencyRules.Path);
        Assert.Equal(SimFleet.ChatProd, firing.Deployment);
        Assert.InRange(firing.StartsAtMs - SimulationOptions.DefaultStart.ToUnixTimeMilliseconds(), 8 * 60_000, 9 * 60_000);
        Assert.All(alerts, a => Assert.Equal(SimFleet.ChatProd, a.Deployment));
    }

    [Theory]
    [InlineData(IncidentKind.LatencyRegression)]
    [InlineData(IncidentKind.VersionRegression)]
    [InlineData(IncidentKind.LoadBurst)]
    [InlineData(IncidentKind.Http429Storm)]
    [InlineData(IncidentKind.IngestionGap)]
    [InlineData(IncidentKind.NvlinkErrors)]
    public void ModelSideOrLoadIncidents_NoDependencyAlert(IncidentKind kind)
    {
        Assert.Empty(Monitor([new IncidentSpec(kind, 8)]));
    }

    [Fact]
    public void Catalog_NamesParsesAndDescribesTheKind()
    {
        Assert.Equal("dependency-latency", IncidentCatalog.Name(IncidentKind.DependencyLatency));
        Assert.True(IncidentCatalog.TryParseKind("Dependency-Latency", out var kind));
        Assert.Equal(IncidentKind.DependencyLatency, kind);
        Assert.Contains("dependency-latency", IncidentCatalog.KindList, StringComparison.Ordinal);
        Assert.Equal([DependencyRules.Path], IncidentCatalog.ExpectedSignals(IncidentKind.DependencyLatency));
        Assert.Equal(SimFleet.ChatProd, IncidentCatalog.Deployment(IncidentKind.DependencyLatency));
        Assert.Equal(TimeSpan.FromMinutes(8), IncidentCatalog.Duration(IncidentKind.DependencyLatency));
        Assert.Contains("600 ms", IncidentCatalog.Effect(IncidentKind.DependencyLatency), StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideTheIncident_NoTimeOnTheWay()
    {
        var run = TrafficSimulator.Generate(new SimulationOptions { Seed = 3, Minutes = 24, Incidents = [new IncidentSpec(IncidentKind.DependencyLatency, 8)] });
        var start = SimulationOptions.DefaultStart.UtcTicks;

        var slowed = run.Requests.Where(r => r.PathMs > 0).ToList();

        Assert.NotEmpty(slowed);
        Assert.All(slowed, r => Assert.Equal(0, r.Deployment));
        Assert.All(run.Requests.Where(r => r.EndTicks - start < 8 * TimeSpan.TicksPerMinute), r => Assert.Equal(0, r.PathMs));
    }
}
