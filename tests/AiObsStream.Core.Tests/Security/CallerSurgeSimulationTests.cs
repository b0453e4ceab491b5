using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Security;

/// <summary>The caller monitor on simulated traffic: the caller-surge incident is found, the other load changes are not callers.</summary>
public class CallerSurgeSimulationTests
{
    private static readonly DimsPool Pool = new();

    private static List<AlertEvent> Monitor(IncidentSpec[] incidents, double rateScale = 1)
    {
        var run = TrafficSimulator.Generate(new SimulationOptions { Seed = 3, Minutes = 24, RateScale = rateScale, Incidents = incidents });
        var monitor = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var alerts = new List<AlertEvent>();
        foreach (var r in run.Requests.Where(r => r.Exported))
        {
            var d = SimFleet.Deployments[r.Deployment];
            var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, d.Name, d.Model, r.ModelVersion, d.Operation, "", "", ""));
            var e = TelemetryEvent.NewRequest((r.EndTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond, dims);
            e.PromptTokens = r.PromptTokens;
            e.CompletionTokens = r.CompletionTokens;
            e.Detail = "10.20." + r.CallerOctet + ".***";
            monitor.Observe(in e, alerts);
        }

        monitor.AdvanceWatermark(long.MaxValue, alerts);
        return alerts;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void CallerSurge_FiresForTheSurgingCallerOnly(double rateScale)
    {
        var alerts = Monitor([new IncidentSpec(IncidentKind.CallerSurge, 8)], rateScale);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(SecurityRules.CallerSurge, firing.Rule);
        Assert.Equal("Caller=10.20." + IncidentCatalog.SurgeCallerOctet + ".***", firing.OtherDims);
        Assert.Equal(SimFleet.ChatProd, firing.Deployment);
        Assert.InRange(firing.StartsAtMs - SimulationOptions.DefaultStart.ToUnixTimeMilliseconds(), 8 * 60_000, 9 * 60_000);
        Assert.Equal(IncidentCause.Security, IncidentCatalog.Cause(IncidentKind.CallerSurge));
    }

    [Theory]
    [InlineData(IncidentKind.LoadBurst)]
    [InlineData(IncidentKind.SpendSpike)]
    [InlineData(IncidentKind.Http429Storm)]
    [InlineData(IncidentKind.BenignRelease)]
    public void LoadChangesEveryCallerShares_NoSecurityAlert(IncidentKind kind)
    {
        Assert.Empty(Monitor([new IncidentSpec(kind, 8)]));
    }

    [Fact]
    public void HealthyRun_NoSecurityAlert()
    {
        Assert.Empty(Monitor([]));
    }
}
